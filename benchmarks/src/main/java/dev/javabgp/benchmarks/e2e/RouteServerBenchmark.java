package dev.javabgp.benchmarks.e2e;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.TimeUnit;

/**
 * The route-server pipeline side by side: runs the team's yardstick ({@code bench.sh} from
 * {@code ../shared/peers}: blaster → speaker → sink on loopback) for the bare wire, BIRD, OpenBGPD,
 * FRR, GoBGP and {@code javabgp route-server}, takes the median of each, and writes the table, the
 * machine, the date, the command and a chart into docs/performance.md (between its
 * {@code e2e:begin} and {@code e2e:end} markers) and docs/performance-e2e.svg.
 *
 * <p>Run from the repository root: {@code benchmarks/e2e/run.sh [N] [RUNS]}. It needs root (for
 * FRR's, GoBGP's and OpenBGPD's users and sockets), gcc, bird2, openbgpd, frr and gobgpd.
 */
public final class RouteServerBenchmark {

    /** One implementation's row: what ran, with how many prefixes and blasters. */
    record Subject(String label, String daemon, long prefixes, int blasters) {}

    /** One measured run: seconds to the sink holding every prefix, peak RSS, CPU seconds. */
    record Run(double seconds, double rssMib, double cpuSeconds) {}

    record Result(Subject subject, List<Run> runs, String failure) {
        Run median() {
            return new Run(medianOf(runs.stream().mapToDouble(Run::seconds).toArray()),
                    medianOf(runs.stream().mapToDouble(Run::rssMib).toArray()),
                    medianOf(runs.stream().mapToDouble(Run::cpuSeconds).toArray()));
        }
    }

    public static void main(String[] args) throws Exception {
        long n = args.length > 0 ? Long.parseLong(args[0]) : 1_000_000;
        int runs = args.length > 1 ? Integer.parseInt(args[1]) : 3;
        Path root = Path.of("").toAbsolutePath();
        Path peers = Path.of(System.getenv().getOrDefault("PEERS_DIR", root.resolve("../shared/peers").toString())).normalize();
        if (!Files.isRegularFile(peers.resolve("bench.sh"))) {
            throw new IllegalStateException("no bench.sh in " + peers + "; set PEERS_DIR to the yardstick's directory");
        }
        String javabgp = root.resolve("bin/javabgp") + " route-server --listen 127.0.0.1:1179 --asn 65001";
        String onePair = javabgp + " --peer 127.0.0.2,65002 --peer 127.0.0.3,65003";
        StringBuilder tenBlasters = new StringBuilder(javabgp + " --peer 127.0.0.3,65003");
        for (int i = 0; i < 10; i++) {
            tenBlasters.append(" --peer 127.0.0.").append(10 + i).append(',').append(65010 + i);
        }
        // GoBGP is an order of magnitude slower: a tenth of the table keeps its runs short.
        List<Subject> subjects = List.of(
                new Subject("wire (no speaker)", "direct", n, 1),
                new Subject("BIRD", "bird", n, 1),
                new Subject("OpenBGPD", "openbgpd", n, 1),
                new Subject("FRR", "frr", n, 1),
                new Subject("GoBGP", "gobgp", n / 10, 1),
                new Subject("javabgp", "CMD:" + onePair, n, 1),
                new Subject("BIRD, 10 blasters", "bird", n, 10),
                new Subject("javabgp, 10 blasters", "CMD:" + tenBlasters, n, 10));
        run(List.of(root.resolve("bin/javabgp").toString(), "--version"), Map.of()); // builds it before any timing
        List<Result> results = new ArrayList<>();
        for (Subject s : subjects) {
            System.out.println("== " + s.label() + ", " + s.prefixes() + " prefixes");
            results.add(measure(peers, s, runs));
        }
        String machine = machine();
        String section = section(results, n, runs, machine);
        System.out.println(section);
        Path doc = root.resolve("docs/performance.md");
        String text = Files.readString(doc);
        int begin = text.indexOf("<!-- e2e:begin -->");
        int end = text.indexOf("<!-- e2e:end -->");
        String replaced = begin >= 0 && end > begin
                ? text.substring(0, begin) + section + text.substring(end + "<!-- e2e:end -->".length())
                : text + "\n" + section;
        Files.writeString(doc, replaced);
        Files.writeString(root.resolve("docs/performance-e2e.svg"), chart(results));
    }

    static Result measure(Path peers, Subject s, int runs) throws IOException, InterruptedException {
        List<String> out = run(List.of("bash", peers.resolve("bench.sh").toString(), s.daemon(), Long.toString(s.prefixes()),
                Integer.toString(runs)), Map.of("BLASTERS", Integer.toString(s.blasters())));
        List<Run> measured = new ArrayList<>();
        String failure = null;
        for (String line : out) {
            String[] f = line.trim().split("\\s+");
            if (f.length >= 4 && line.contains(" FAIL")) {
                failure = line;
            } else if (f.length >= 5 && f[f.length - 3].matches("[0-9.]+")) {
                measured.add(new Run(Double.parseDouble(f[f.length - 3]), Double.parseDouble(f[f.length - 2]),
                        Double.parseDouble(f[f.length - 1])));
            }
        }
        return new Result(s, measured, measured.isEmpty() && failure == null ? "no result" : failure);
    }

    static List<String> run(List<String> command, Map<String, String> env) throws IOException, InterruptedException {
        ProcessBuilder pb = new ProcessBuilder(command).redirectErrorStream(true);
        pb.environment().putAll(env);
        Process p = pb.start();
        List<String> lines = new ArrayList<>();
        try (BufferedReader r = new BufferedReader(new InputStreamReader(p.getInputStream(), StandardCharsets.UTF_8))) {
            for (String line; (line = r.readLine()) != null; ) {
                System.out.println("   " + line);
                lines.add(line);
            }
        }
        if (!p.waitFor(30, TimeUnit.MINUTES)) {
            p.destroyForcibly();
            throw new IllegalStateException("timed out: " + command);
        }
        return lines;
    }

    static double medianOf(double[] values) {
        if (values.length == 0) {
            return Double.NaN;
        }
        double[] v = values.clone();
        java.util.Arrays.sort(v);
        return v.length % 2 == 1 ? v[v.length / 2] : (v[v.length / 2 - 1] + v[v.length / 2]) / 2;
    }

    static String machine() throws IOException, InterruptedException {
        String cpu = first(run(List.of("bash", "-c", "lscpu | sed -n 's/^Model name: *//p'"), Map.of()));
        String cores = first(run(List.of("nproc"), Map.of()));
        String mem = first(run(List.of("bash", "-c", "free -g | awk '/Mem:/{print $2}'"), Map.of()));
        String kernel = first(run(List.of("uname", "-r"), Map.of()));
        String bird = first(run(List.of("bash", "-c", "bird --version 2>&1"), Map.of()));
        String frr = first(run(List.of("bash", "-c", "/usr/lib/frr/bgpd --version 2>&1 | head -1"), Map.of()));
        String gobgp = first(run(List.of("bash", "-c", "gobgpd --version 2>&1"), Map.of()));
        String openbgpd = first(run(List.of("bash", "-c", "dpkg-query -W -f '${Version}' openbgpd 2>/dev/null"), Map.of()));
        return cpu + ", " + cores + " cores, " + mem + " GiB, Linux " + kernel + "; " + bird + ", OpenBGPD " + openbgpd + ", FRR "
                + frr.replace("bgpd version ", "") + ", " + gobgp + ", JDK " + Runtime.version();
    }

    private static String first(List<String> lines) {
        return lines.isEmpty() ? "?" : lines.get(0).trim();
    }

    static String section(List<Result> results, long n, int runs, String machine) {
        StringBuilder s = new StringBuilder("<!-- e2e:begin -->\n## Route server end to end: javabgp beside BIRD, OpenBGPD, FRR and GoBGP\n\n");
        s.append("Measured on ").append(LocalDate.now()).append(" on ").append(machine).append(".\n\n");
        s.append("The yardstick (`../shared/peers/bench.sh`) times blaster (127.0.0.2, AS 65002) → speaker "
                + "(127.0.0.1:1179, AS 65001) → sink (127.0.0.3, AS 65003) on loopback: seconds from the blaster's first "
                + "UPDATE to the sink holding every prefix, the speaker's peak RSS and its CPU time, each the median of ")
                .append(runs).append(" cold runs. Prefixes are IPv4 /24s, 20 per attribute set. javabgp is "
                        + "`bin/javabgp route-server` with its default JVM settings. Reproduce from the repository root "
                        + "(as root, with bird2, openbgpd, frr and gobgpd installed):\n\n");
        s.append("```sh\nbenchmarks/e2e/run.sh ").append(n).append(' ').append(runs).append("\n```\n\n");
        s.append("| implementation | prefixes | blasters | seconds | peak RSS (MiB) | CPU seconds | runs |\n");
        s.append("|---|---:|---:|---:|---:|---:|---|\n");
        for (Result r : results) {
            Run m = r.median();
            s.append("| ").append(r.subject().label()).append(" | ").append(String.format(Locale.ROOT, "%,d", r.subject().prefixes()))
                    .append(" | ").append(r.subject().blasters()).append(" | ");
            if (r.runs().isEmpty()) {
                s.append("failed | | | ").append(r.failure() == null ? "" : r.failure().replace('|', '/')).append(" |\n");
                continue;
            }
            boolean wire = r.subject().daemon().equals("direct"); // no speaker: nothing to measure but time
            s.append(wire ? String.format(Locale.ROOT, "%.2f | – | – | ", m.seconds())
                    : String.format(Locale.ROOT, "%.2f | %.0f | %.2f | ", m.seconds(), m.rssMib(), m.cpuSeconds()));
            s.append(r.runs().stream().map(x -> String.format(Locale.ROOT, "%.2f s", x.seconds())).toList()).append(" |\n");
        }
        s.append("\n![seconds and peak RSS per implementation](performance-e2e.svg)\n<!-- e2e:end -->");
        return s.toString();
    }

    /** Two bar charts side by side: median seconds and median peak RSS per implementation. */
    static String chart(List<Result> results) {
        int rowHeight = 26;
        int top = 40;
        int height = top + rowHeight * results.size() + 20;
        int labelWidth = 190;
        int barWidth = 260;
        StringBuilder svg = new StringBuilder();
        svg.append(String.format(Locale.ROOT, "<svg xmlns=\"http://www.w3.org/2000/svg\" width=\"%d\" height=\"%d\" "
                + "font-family=\"sans-serif\" font-size=\"12\">\n", labelWidth + 2 * (barWidth + 90), height));
        svg.append("<rect width=\"100%\" height=\"100%\" fill=\"white\"/>\n");
        double maxSeconds = results.stream().filter(r -> !r.runs().isEmpty()).mapToDouble(r -> r.median().seconds()).max().orElse(1);
        double maxRss = results.stream().filter(r -> !r.runs().isEmpty()).mapToDouble(r -> r.median().rssMib()).max().orElse(1);
        svg.append(String.format(Locale.ROOT, "<text x=\"%d\" y=\"20\" font-weight=\"bold\">seconds (median)</text>\n", labelWidth));
        svg.append(String.format(Locale.ROOT, "<text x=\"%d\" y=\"20\" font-weight=\"bold\">peak RSS, MiB (median)</text>\n",
                labelWidth + barWidth + 90));
        for (int i = 0; i < results.size(); i++) {
            Result r = results.get(i);
            int y = top + i * rowHeight;
            String label = r.subject().label() + " (" + shortCount(r.subject().prefixes()) + ")";
            svg.append(String.format(Locale.ROOT, "<text x=\"4\" y=\"%d\">%s</text>\n", y + 15, label));
            if (r.runs().isEmpty()) {
                svg.append(String.format(Locale.ROOT, "<text x=\"%d\" y=\"%d\">failed</text>\n", labelWidth, y + 15));
                continue;
            }
            Run m = r.median();
            String colour = r.subject().label().startsWith("javabgp") ? "#d9822b" : "#4a7ab5";
            int w1 = (int) Math.max(1, barWidth * m.seconds() / maxSeconds);
            svg.append(String.format(Locale.ROOT, "<rect x=\"%d\" y=\"%d\" width=\"%d\" height=\"18\" fill=\"%s\"/>"
                    + "<text x=\"%d\" y=\"%d\">%.2f</text>\n", labelWidth, y + 2, w1, colour, labelWidth + w1 + 4, y + 15, m.seconds()));
            int x2 = labelWidth + barWidth + 90;
            if (r.subject().daemon().equals("direct")) {
                svg.append(String.format(Locale.ROOT, "<text x=\"%d\" y=\"%d\">–</text>\n", x2, y + 15)); // no speaker
                continue;
            }
            int w2 = (int) Math.max(1, barWidth * m.rssMib() / maxRss);
            svg.append(String.format(Locale.ROOT, "<rect x=\"%d\" y=\"%d\" width=\"%d\" height=\"18\" fill=\"%s\"/>"
                    + "<text x=\"%d\" y=\"%d\">%.0f</text>\n", x2, y + 2, w2, colour, x2 + w2 + 4, y + 15, m.rssMib()));
        }
        svg.append("</svg>\n");
        return svg.toString();
    }

    private static String shortCount(long n) {
        return n % 1_000_000 == 0 ? n / 1_000_000 + "M" : n % 1000 == 0 ? n / 1000 + "k" : Long.toString(n);
    }
}
