/**
 * The samples' files: inputs read with messages that name the file and the problem, outputs written atomically.
 */
@NullMarked
package dev.trellis.samples.files;

import org.jspecify.annotations.NullMarked;
