package dev.trellis.runtime.train;

import static org.junit.jupiter.api.Assertions.assertEquals;

import dev.trellis.runtime.params.ParamStore;
import dev.trellis.runtime.random.Rng;
import java.lang.reflect.Proxy;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.slf4j.Logger;
import org.slf4j.helpers.MessageFormatter;

class TrainingLogTest {

    @Test
    void logsEveryNStepsAndTheLastWithTheMeanSinceTheLastMessage() {
        List<String> lines = new ArrayList<>();
        TrainingResult result = Trainer.of(TrainingModels.svi(new ParamStore())).steps(25).rng(Rng.seeded(1))
                .listener(TrainingLog.every(10, recording(lines))).run();

        assertEquals(3, lines.size(), lines.toString());
        double[] losses = result.losses();
        assertEquals("step 10/25: loss " + losses[9] + ", mean of the last 10 steps "
                + sum(losses, 0, 10) / 10, lines.get(0));
        assertEquals("step 25/25: loss " + losses[24] + ", mean of the last 5 steps "
                + sum(losses, 20, 25) / 5, lines.get(2));
    }

    /** Summed in step order, as the log sums. */
    private static double sum(double[] values, int from, int to) {
        double sum = 0;
        for (int i = from; i < to; i++) {
            sum += values[i];
        }
        return sum;
    }

    /** A logger that records its INFO messages, formatted as SLF4J formats them. */
    private static Logger recording(List<String> lines) {
        return (Logger) Proxy.newProxyInstance(Logger.class.getClassLoader(), new Class<?>[] {Logger.class},
                (proxy, method, args) -> {
                    if (method.getName().equals("isInfoEnabled")) {
                        return true;
                    }
                    if (method.getName().equals("info") && args != null && args[0] instanceof String pattern) {
                        Object[] arguments = args.length == 2 && args[1] instanceof Object[] array ? array
                                : Arrays.copyOfRange(args, 1, args.length);
                        lines.add(MessageFormatter.arrayFormat(pattern, arguments).getMessage());
                        return null;
                    }
                    return method.getReturnType() == boolean.class ? false : null;
                });
    }
}
