package dev.trellis.samples.cli;

import picocli.CommandLine.Mixin;
import java.io.IOException;
import dev.trellis.runtime.random.Rng;
import dev.trellis.samples.weather.RainSun;
import dev.trellis.samples.weather.RainSunInference;
import java.io.PrintWriter;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/** Simulates the rain/sun model, then infers the weather back from the activities alone. */
@Command(
        name = "weather",
        mixinStandardHelpOptions = true,
        description = "Simulate N days of the rain/sun HMM and infer the weather from the activities alone.")
final class WeatherCommand implements Callable<Integer> {
    @Mixin
    GraphOption graph;

    @Spec
    CommandSpec spec;

    @Option(names = "--days", defaultValue = "14", description = "Days to simulate (default: ${DEFAULT-VALUE}).")
    int days;

    @Option(names = "--seed", defaultValue = "1", description = "Random seed (default: ${DEFAULT-VALUE}).")
    long seed;

    @Override
    public Integer call() throws IOException {
        graph.writeIfAsked(RainSunInference::graphDot);
        OptionChecks.atLeastOne("--days", days);
        var inference = new RainSunInference(new RainSun());
        RainSunInference.Simulation truth = inference.simulate(days, Rng.seeded(seed));
        int[] activity = truth.activity();
        double logLikelihood = inference.logLikelihood(activity);
        RainSunInference.MapAssignment map = inference.viterbi(activity);
        double[][] marginals = inference.marginals(activity).weather();

        PrintWriter out = spec.commandLine().getOut();
        out.printf("Rain/sun HMM: %d days simulated with seed %d; the weather is inferred from the activities alone.%n%n",
                days, seed);
        out.printf("%5s  %-7s  %-8s  %-11s  %8s%n", "day", "weather", "activity", "MAP weather", "P(Rainy)");
        int agree = 0;
        for (int day = 0; day < days; day++) {
            int rainy = RainSun.WEATHER.indexOf("Rainy");
            out.printf("%5d  %-7s  %-8s  %-11s  %8.4f%n", day + 1, RainSun.WEATHER.get(truth.weather()[day]),
                    RainSun.ACTIVITIES.get(activity[day]), RainSun.WEATHER.get(map.weather()[day]), marginals[day][rainy]);
            agree += truth.weather()[day] == map.weather()[day] ? 1 : 0;
        }
        out.printf("%nlog p(activities) = %.6f%n", logLikelihood);
        out.printf("log p(activities, MAP weather) = %.6f%n", map.logJoint());
        out.printf("The MAP weather matches the simulated weather on %d of %d days.%n", agree, days);
        out.flush();
        return 0;
    }
}
