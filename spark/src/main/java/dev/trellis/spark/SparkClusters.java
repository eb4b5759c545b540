package dev.trellis.spark;

import dev.trellis.runtime.parallel.MemberClusters;
import dev.trellis.runtime.parallel.MemberEvaluation;
import dev.trellis.runtime.parallel.MemberProgramFactory;
import java.util.List;
import org.apache.spark.SparkConf;
import org.apache.spark.api.java.JavaSparkContext;

/**
 * The {@code "spark"} cluster kind, for {@link MemberClusters#find}: starts a Spark context on a master URL (local
 * mode, {@code local[N]} or {@code local[N,F]} with F attempts per task, embeds the executors in this JVM) and returns
 * a {@link SparkMemberEvaluation} that stops it on close.
 */
public final class SparkClusters implements MemberClusters {

    @Override
    public String name() {
        return "spark";
    }

    @Override
    public <T> MemberEvaluation connect(String master, List<T> members, MemberProgramFactory<T> factory,
            int blockSize) {
        JavaSparkContext context = start(master, "trellis");
        try {
            return SparkMemberEvaluation.create(context, members, factory, blockSize, context.defaultParallelism(),
                    true);
        } catch (RuntimeException | Error e) {
            context.stop();
            throw e;
        }
    }

    /**
     * Starts a Spark context: no web UI, warnings and errors only in the log, and in local mode a driver bound to the
     * loopback address (so that a machine without a resolvable host name still runs).
     *
     * @param master the master URL, e.g. {@code local[4]} or {@code spark://host:7077}
     * @param appName the application's name
     */
    public static JavaSparkContext start(String master, String appName) {
        SparkConf conf = new SparkConf().setMaster(master).setAppName(appName).set("spark.ui.enabled", "false");
        if (master.startsWith("local")) {
            conf.set("spark.driver.host", "127.0.0.1").set("spark.driver.bindAddress", "127.0.0.1");
        }
        JavaSparkContext context = new JavaSparkContext(conf);
        context.setLogLevel("WARN");
        return context;
    }
}
