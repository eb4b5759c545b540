package dev.trellis.spark;

import static org.junit.jupiter.api.Assertions.assertEquals;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.trellis.runtime.parallel.MemberClusters;
import dev.trellis.samples.cli.TrellisCli;
import java.io.PrintWriter;
import java.io.StringWriter;
import org.junit.jupiter.api.Test;
import picocli.CommandLine;

/**
 * With this module on the class path, the samples' command line finds Spark ({@link MemberClusters#find}) and
 * {@code gmm fit --spark local[2]} prints the fit of {@code --threads 1}, bit for bit.
 */
class SparkCliTest {

    private static JsonNode json(String... args) throws Exception {
        CommandLine cli = TrellisCli.commandLine();
        StringWriter out = new StringWriter();
        StringWriter err = new StringWriter();
        cli.setOut(new PrintWriter(out));
        cli.setErr(new PrintWriter(err));
        int code = cli.execute(args);
        assertEquals(0, code, err.toString());
        return new ObjectMapper().readTree(out.toString());
    }

    @Test
    void gmm_fit_on_spark_prints_the_fit_of_one_thread() throws Exception {
        assertEquals(SparkClusters.class, MemberClusters.find("spark").getClass());
        JsonNode threads = json("gmm", "fit", "--steps", "20", "--json", "--block-size", "2");
        JsonNode spark = json("gmm", "fit", "--steps", "20", "--json", "--block-size", "2", "--spark", "local[2]");
        assertEquals(threads.get("losses"), spark.get("losses"));
        assertEquals(threads.get("final_params"), spark.get("final_params"));
    }
}
