/**
 * Files written whole or not at all: {@link dev.trellis.runtime.io.AtomicFile}.
 */
@NullMarked
package dev.trellis.runtime.io;

import org.jspecify.annotations.NullMarked;
