package dev.trellis.runtime.parallel;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;

class SharedExactSumsTest {

    /** Vectors of terms of wildly different magnitudes, so that entries hold many partials and spill. */
    private static List<double[]> vectors(int count, int length, long seed) {
        Random random = new Random(seed);
        List<double[]> vectors = new ArrayList<>();
        for (int v = 0; v < count; v++) {
            double[] vector = new double[length];
            for (int i = 0; i < length; i++) {
                double magnitude = Math.scalb(1.0, random.nextInt(400) - 200);
                vector[i] = i % 7 == 3 ? 0.0 : (random.nextBoolean() ? 1 : -1) * magnitude * (1 + random.nextDouble());
            }
            vectors.add(vector);
        }
        return vectors;
    }

    @Test
    void vectors_added_on_several_threads_at_once_give_the_bits_of_one_thread() throws Exception {
        int length = 3001;   // a dozen ranges, the last one short
        List<double[]> vectors = vectors(64, length, 5);
        ExactSums alone = new ExactSums(length);
        vectors.forEach(v -> alone.add(0, v));
        int workers = 4;
        ExecutorService pool = Executors.newFixedThreadPool(workers);
        try {
            for (int trial = 0; trial < 5; trial++) {
                SharedExactSums shared = new SharedExactSums(length);
                AtomicInteger next = new AtomicInteger();
                CountDownLatch start = new CountDownLatch(1);
                List<Future<?>> futures = new ArrayList<>();
                for (int w = 0; w < workers; w++) {
                    int worker = w;
                    futures.add(pool.submit(() -> {
                        start.await();
                        for (int v = next.getAndIncrement(); v < vectors.size(); v = next.getAndIncrement()) {
                            shared.add(vectors.get(v), worker, workers);
                        }
                        return null;
                    }));
                }
                start.countDown();
                for (Future<?> future : futures) {
                    future.get();
                }
                assertArrayEquals(alone.rounded(), shared.sums().rounded(), "trial " + trial);
            }
        } finally {
            pool.shutdownNow();
        }
    }

    @Test
    void ranges_cover_every_entry_once() {
        SharedExactSums shared = new SharedExactSums(1000);
        double[] ones = new double[1000];
        java.util.Arrays.fill(ones, 1.0);
        shared.add(ones, 0, 1);
        shared.add(ones, 1, 2);
        for (int i = 0; i < 1000; i++) {
            assertEquals(2.0, shared.sums().rounded(i), "entry " + i);
        }
        assertEquals(4, shared.ranges());
        assertEquals(1, new SharedExactSums(3).ranges());
        assertEquals(1, new SharedExactSums(0).ranges());
        assertThrows(IllegalArgumentException.class, () -> shared.add(new double[999], 0, 1));
    }
}
