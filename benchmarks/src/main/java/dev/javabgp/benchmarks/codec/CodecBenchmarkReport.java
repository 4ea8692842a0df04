package dev.javabgp.benchmarks.codec;

import java.util.Collection;
import java.util.Map;
import org.openjdk.jmh.profile.GCProfiler;
import org.openjdk.jmh.results.Result;
import org.openjdk.jmh.results.RunResult;
import org.openjdk.jmh.runner.Runner;
import org.openjdk.jmh.runner.options.ChainedOptionsBuilder;
import org.openjdk.jmh.runner.options.OptionsBuilder;

/**
 * Runs {@link UpdateCodecBenchmark} with JMH's GC profiler and prints, per benchmark and corpus,
 * MB/s, prefixes/s, messages/s and bytes allocated per prefix and per message.
 *
 * <pre>java -cp benchmarks/target/benchmarks.jar dev.javabgp.benchmarks.codec.CodecBenchmarkReport [JMH regexp]</pre>
 */
public final class CodecBenchmarkReport {

    private CodecBenchmarkReport() {}

    public static void main(String[] args) throws Exception {
        String include = args.length > 0 ? args[0] : UpdateCodecBenchmark.class.getSimpleName();
        ChainedOptionsBuilder options = new OptionsBuilder().include(include).addProfiler(GCProfiler.class);
        Collection<RunResult> results = new Runner(options.build()).run();
        System.out.printf("%n%-16s %-12s %10s %12s %12s %10s %10s %12s%n", "benchmark", "corpus", "MB/s", "prefixes/s",
                "messages/s", "B/prefix", "B/message", "corpus MB");
        for (RunResult r : results) {
            String benchmark = r.getParams().getBenchmark().replaceAll(".*\\.", "");
            UpdateCorpus corpus = new UpdateCorpus(UpdateCorpus.Mix.valueOf(r.getParams().getParam("mix")));
            double passes = r.getPrimaryResult().getScore();
            Map<String, Result> secondary = r.getSecondaryResults();
            Result norm = secondary.get("gc.alloc.rate.norm");
            double allocated = norm == null ? Double.NaN : norm.getScore();
            System.out.printf("%-16s %-12s %10.0f %12.3e %12.3e %10.2f %10.1f %12.2f%n", benchmark, corpus.mix,
                    passes * corpus.bytes() / 1e6, passes * corpus.prefixes, passes * UpdateCorpus.MESSAGES,
                    allocated / corpus.prefixes, allocated / UpdateCorpus.MESSAGES, corpus.bytes() / 1e6);
            corpus.wire.release();
        }
    }
}
