package dev.trellis.benchmarks;

import dev.trellis.processor.TrellisProcessor;
import java.io.IOException;
import java.io.StringWriter;
import java.lang.management.ManagementFactory;
import java.lang.management.ThreadMXBean;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Set;
import java.util.stream.Stream;
import javax.annotation.processing.AbstractProcessor;
import javax.annotation.processing.ProcessingEnvironment;
import javax.annotation.processing.Processor;
import javax.annotation.processing.RoundEnvironment;
import javax.lang.model.SourceVersion;
import javax.lang.model.element.TypeElement;
import javax.tools.JavaCompiler;
import javax.tools.StandardJavaFileManager;
import javax.tools.ToolProvider;

/**
 * The processor time of compiling each model of a folder (by default the corpus's 35 models): javac runs in this
 * JVM with the Trellis processor wrapped so that only its own work is timed — the CPU time of the thread inside
 * {@code init} and every {@code process} round, which is where the processor reads, checks, plans and generates
 * (javac's parsing, attribution and code generation are not counted). Issue 9 asks for under one second per model.
 *
 * <p>Each model is compiled {@code rounds} times, in turn with the others: the first round shows what a fresh JVM pays
 * (class loading and the JIT's first compilations land on whichever model comes first, so that model is listed with
 * its cold time), the later rounds what a warm one pays. Run with {@code java -cp benchmarks/target/benchmarks.jar
 * dev.trellis.benchmarks.ProcessorTimeRunner [folder [rounds]]}.
 */
public final class ProcessorTimeRunner {

    private ProcessorTimeRunner() {
    }

    public static void main(String[] args) throws IOException {
        Path folder = Path.of(args.length > 0 ? args[0] : "corpus/src/test/java/dev/trellis/corpus/models");
        int rounds = args.length > 1 ? Integer.parseInt(args[1]) : 5;
        List<Path> models;
        try (Stream<Path> files = Files.list(folder)) {
            models = files.filter(f -> f.toString().endsWith(".java")).sorted().toList();
        }
        if (models.isEmpty()) {
            throw new IllegalArgumentException("no .java files in " + folder);
        }
        JavaCompiler javac = ToolProvider.getSystemJavaCompiler();
        Path output = Files.createTempDirectory("trellis-processor-time");
        double[][] millis = new double[models.size()][rounds];
        for (int round = 0; round < rounds; round++) {
            for (int m = 0; m < models.size(); m++) {
                millis[m][round] = compile(javac, models.get(m), output) / 1e6;
            }
        }
        System.out.printf("%-34s %10s %10s %10s%n", "model", "cold ms", "warm min", "warm med");
        double worstWarm = 0;
        double worstCold = 0;
        for (int m = 0; m < models.size(); m++) {
            double[] warm = Arrays.copyOfRange(millis[m], Math.min(1, rounds - 1), rounds);
            Arrays.sort(warm);
            worstWarm = Math.max(worstWarm, warm[warm.length / 2]);
            worstCold = Math.max(worstCold, millis[m][0]);
            System.out.printf("%-34s %10.1f %10.1f %10.1f%n", models.get(m).getFileName(), millis[m][0], warm[0],
                    warm[warm.length / 2]);
        }
        System.out.printf("largest: cold %.1f ms, warm median %.1f ms (processor CPU time, %d models, %d rounds)%n",
                worstCold, worstWarm, models.size(), rounds);
    }

    /** Compiles one source with the processor; returns the processor's CPU time in nanoseconds. */
    private static long compile(JavaCompiler javac, Path source, Path output) throws IOException {
        TimedProcessor timed = new TimedProcessor(new TrellisProcessor());
        StringWriter messages = new StringWriter();
        try (StandardJavaFileManager files = javac.getStandardFileManager(null, null, null)) {
            List<String> options = new ArrayList<>(List.of("-proc:only", "-d", output.toString(), "-s",
                    output.toString(), "-classpath", System.getProperty("java.class.path")));
            JavaCompiler.CompilationTask task = javac.getTask(messages, files, null, options, null,
                    files.getJavaFileObjects(source));
            task.setProcessors(List.of(timed));
            if (!task.call()) {
                throw new IllegalStateException(source + " did not compile:\n" + messages);
            }
        }
        return timed.cpuNanos;
    }

    /** Delegates to the Trellis processor and adds up the CPU time its calls take on this thread. */
    private static final class TimedProcessor extends AbstractProcessor {
        private static final ThreadMXBean THREADS = ManagementFactory.getThreadMXBean();
        private final Processor delegate;
        long cpuNanos;

        TimedProcessor(Processor delegate) {
            this.delegate = delegate;
        }

        @Override
        public synchronized void init(ProcessingEnvironment environment) {
            super.init(environment);
            long start = THREADS.getCurrentThreadCpuTime();
            delegate.init(environment);
            cpuNanos += THREADS.getCurrentThreadCpuTime() - start;
        }

        @Override
        public boolean process(Set<? extends TypeElement> annotations, RoundEnvironment round) {
            long start = THREADS.getCurrentThreadCpuTime();
            boolean claimed = delegate.process(annotations, round);
            cpuNanos += THREADS.getCurrentThreadCpuTime() - start;
            return claimed;
        }

        @Override
        public Set<String> getSupportedAnnotationTypes() {
            return delegate.getSupportedAnnotationTypes();
        }

        @Override
        public Set<String> getSupportedOptions() {
            return delegate.getSupportedOptions();
        }

        @Override
        public SourceVersion getSupportedSourceVersion() {
            return delegate.getSupportedSourceVersion();
        }
    }
}
