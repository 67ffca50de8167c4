// Java Avro reference for schema parsing and reader/writer compatibility (Debian libavro-java 1.8.2, OpenJDK).
//
// usage: java -cp BUILD:AVRO_CLASSPATH SchemaCompatJava PAIRS.json VERDICTS_OUT.json
//        java -cp BUILD:AVRO_CLASSPATH SchemaCompatJava --verdicts PAIRS.json VERDICTS_OUT.json   (verdicts only)
//
// Times, on the pairs file `herald-bench compat generate` wrote, the same work herald-bench does:
//   parse         every distinct schema text once per round (writer then reader, first occurrence: the order of
//                 `herald-bench parse`), a new Schema.Parser per text as each text is a schema of its own;
//   compat core   ReaderWriterCompatiblityChecker.getCompatibility (the verdict alone; private in 1.8.2, reached by
//                 a method handle) on schemas parsed once;
//   compat public SchemaCompatibility.checkReaderWriterCompatibility (verdict plus message) on schemas parsed once;
//   parse+check   parse both texts of a pair, then the public check.
// Each operation's first pass in a fresh JVM is reported as "cold" (in the order above); then all four run for
// JAVA_WARMUP_SECONDS of thread CPU time (default 5) for the JIT, then each runs whole rounds for
// HERALD_BENCH_SECONDS (default 3) of this thread's CPU time (ThreadMXBean). The process CPU time of the timed rounds
// (JIT and GC threads included) is printed beside it. Writes the core verdicts as a JSON array of booleans.
import java.io.File;
import java.io.FileWriter;
import java.io.IOException;
import java.io.Writer;
import java.lang.invoke.MethodHandle;
import java.lang.invoke.MethodHandles;
import java.lang.invoke.MethodType;
import java.lang.management.ManagementFactory;
import java.lang.management.ThreadMXBean;
import java.lang.reflect.Constructor;
import java.lang.reflect.Method;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import org.apache.avro.Schema;
import org.apache.avro.SchemaCompatibility;
import org.apache.avro.SchemaCompatibility.SchemaCompatibilityType;
import org.codehaus.jackson.map.ObjectMapper;
import org.codehaus.jackson.type.TypeReference;

public final class SchemaCompatJava {
    private static final ThreadMXBean THREADS = ManagementFactory.getThreadMXBean();
    private static final com.sun.management.OperatingSystemMXBean OS =
        (com.sun.management.OperatingSystemMXBean) ManagementFactory.getOperatingSystemMXBean();
    private static final MethodHandle NEW_CHECKER;
    private static final MethodHandle GET_COMPATIBILITY;

    static {
        try {
            Class<?> checker = Class.forName("org.apache.avro.SchemaCompatibility$ReaderWriterCompatiblityChecker");
            Constructor<?> constructor = checker.getDeclaredConstructor();
            constructor.setAccessible(true);
            Method get = checker.getDeclaredMethod("getCompatibility", Schema.class, Schema.class);
            get.setAccessible(true);
            MethodHandles.Lookup lookup = MethodHandles.lookup();
            NEW_CHECKER = lookup.unreflectConstructor(constructor).asType(MethodType.methodType(Object.class));
            GET_COMPATIBILITY = lookup.unreflect(get)
                .asType(MethodType.methodType(SchemaCompatibilityType.class, Object.class, Schema.class, Schema.class));
        } catch (ReflectiveOperationException e) {
            throw new ExceptionInInitializerError(e);
        }
    }

    private static double threadSeconds() { return THREADS.getCurrentThreadCpuTime() / 1e9; }

    private static double processSeconds() { return OS.getProcessCpuTime() / 1e9; }

    private final String[] texts;
    private final String[] readerTexts;
    private final String[] writerTexts;
    private Schema[] readers;
    private Schema[] writers;

    private SchemaCompatJava(List<Map<String, String>> entries) {
        Map<String, Boolean> seen = new LinkedHashMap<>();
        readerTexts = new String[entries.size()];
        writerTexts = new String[entries.size()];
        for (int i = 0; i < entries.size(); i++) {
            Map<String, String> e = entries.get(i);
            readerTexts[i] = e.get("reader");
            writerTexts[i] = e.get("writer");
            if (readerTexts[i] == null || writerTexts[i] == null) throw new IllegalArgumentException("pair " + i + " lacks a schema");
            seen.putIfAbsent(writerTexts[i], Boolean.TRUE);
            seen.putIfAbsent(readerTexts[i], Boolean.TRUE);
        }
        texts = seen.keySet().toArray(new String[0]);
    }

    /** One round of parsing every distinct text; returns a checksum (field counts) so the work is not dropped. */
    private long parseRound() {
        long sum = 0;
        for (String text : texts) sum += new Schema.Parser().parse(text).getFields().size();
        return sum;
    }

    /** Parses each distinct text once and lines the pairs up, as herald-bench does before timing the check. */
    private void parseOnce() {
        Map<String, Schema> parsed = new LinkedHashMap<>();
        for (String text : texts) parsed.put(text, new Schema.Parser().parse(text));
        readers = new Schema[readerTexts.length];
        writers = new Schema[writerTexts.length];
        for (int i = 0; i < readerTexts.length; i++) {
            readers[i] = parsed.get(readerTexts[i]);
            writers[i] = parsed.get(writerTexts[i]);
        }
    }

    private static SchemaCompatibilityType core(Schema reader, Schema writer) {
        try {
            Object checker = (Object) NEW_CHECKER.invokeExact();
            return (SchemaCompatibilityType) GET_COMPATIBILITY.invokeExact(checker, reader, writer);
        } catch (RuntimeException | Error e) {
            throw e;
        } catch (Throwable t) {
            throw new IllegalStateException(t);
        }
    }

    private long coreRound() {
        long compatible = 0;
        for (int i = 0; i < readers.length; i++) if (core(readers[i], writers[i]) == SchemaCompatibilityType.COMPATIBLE) compatible++;
        return compatible;
    }

    private long publicRound() {
        long compatible = 0;
        for (int i = 0; i < readers.length; i++) {
            if (SchemaCompatibility.checkReaderWriterCompatibility(readers[i], writers[i]).getType() == SchemaCompatibilityType.COMPATIBLE) compatible++;
        }
        return compatible;
    }

    private long parseAndCheckRound() {
        long compatible = 0;
        for (int i = 0; i < readerTexts.length; i++) {
            Schema reader = new Schema.Parser().parse(readerTexts[i]);
            Schema writer = new Schema.Parser().parse(writerTexts[i]);
            if (SchemaCompatibility.checkReaderWriterCompatibility(reader, writer).getType() == SchemaCompatibilityType.COMPATIBLE) compatible++;
        }
        return compatible;
    }

    private interface Round { long run(); }

    private static long sink;

    /** Items per second of thread CPU time for one round. */
    private static double once(Round round, int items) {
        double start = threadSeconds();
        sink += round.run();
        return items / (threadSeconds() - start);
    }

    /** Whole rounds for at least `limit` seconds of thread CPU time: {items/s by thread CPU, items/s by process CPU}. */
    private static double[] timed(Round round, int items, double limit) {
        int rounds = 0;
        double start = threadSeconds();
        double processStart = processSeconds();
        double elapsed;
        do {
            sink += round.run();
            rounds++;
            elapsed = threadSeconds() - start;
        } while (elapsed < limit);
        double processElapsed = processSeconds() - processStart;
        return new double[] { (double) items * rounds / elapsed, (double) items * rounds / processElapsed };
    }

    private static double env(String name, double fallback) {
        String value = System.getenv(name);
        if (value == null || value.isEmpty()) return fallback;
        return Double.parseDouble(value);
    }

    private static void writeVerdicts(List<Boolean> verdicts, String file) throws IOException {
        try (Writer out = new FileWriter(file)) {
            new ObjectMapper().writeValue(out, verdicts);
        }
    }

    private static List<Map<String, String>> readPairs(String file) throws IOException {
        return new ObjectMapper().readValue(new File(file), new TypeReference<List<Map<String, String>>>() {});
    }

    public static void main(String[] args) throws IOException {
        if (args.length == 3 && args[0].equals("--verdicts")) {
            SchemaCompatJava bench = new SchemaCompatJava(readPairs(args[1]));
            bench.parseOnce();
            List<Boolean> verdicts = new ArrayList<>();
            for (int i = 0; i < bench.readers.length; i++) verdicts.add(core(bench.readers[i], bench.writers[i]) == SchemaCompatibilityType.COMPATIBLE);
            writeVerdicts(verdicts, args[2]);
            return;
        }
        if (args.length < 2) {
            System.err.println("usage: SchemaCompatJava PAIRS.json VERDICTS_OUT.json");
            System.exit(2);
        }
        if (!THREADS.isCurrentThreadCpuTimeSupported()) throw new IllegalStateException("thread CPU time is not supported here");
        SchemaCompatJava bench = new SchemaCompatJava(readPairs(args[0]));
        int schemas = bench.texts.length;
        int pairs = bench.readerTexts.length;
        double limit = env("HERALD_BENCH_SECONDS", 3);
        double warmup = env("JAVA_WARMUP_SECONDS", 5);

        // Cold: the first pass of each operation in this JVM, in this order.
        double coldParse = once(bench::parseRound, schemas);
        bench.parseOnce();
        double coldCore = once(bench::coreRound, pairs);
        double coldPublic = once(bench::publicRound, pairs);
        double coldParseAndCheck = once(bench::parseAndCheckRound, pairs);

        // Verdicts, from both APIs, which must agree with each other.
        List<Boolean> verdicts = new ArrayList<>(pairs);
        int compatible = 0;
        for (int i = 0; i < pairs; i++) {
            boolean verdict = core(bench.readers[i], bench.writers[i]) == SchemaCompatibilityType.COMPATIBLE;
            boolean viaPublic = SchemaCompatibility.checkReaderWriterCompatibility(bench.readers[i], bench.writers[i]).getType()
                == SchemaCompatibilityType.COMPATIBLE;
            if (verdict != viaPublic) throw new IllegalStateException("pair " + i + ": the core and public verdicts differ");
            verdicts.add(verdict);
            if (verdict) compatible++;
        }
        writeVerdicts(verdicts, args[1]);

        // JIT warm-up over all four operations.
        double warmStart = threadSeconds();
        do {
            sink += bench.parseRound() + bench.coreRound() + bench.publicRound() + bench.parseAndCheckRound();
        } while (threadSeconds() - warmStart < warmup);

        double[] parse = timed(bench::parseRound, schemas, limit);
        double[] core = timed(bench::coreRound, pairs, limit);
        double[] pub = timed(bench::publicRound, pairs, limit);
        double[] parseAndCheck = timed(bench::parseAndCheckRound, pairs, limit);

        System.out.printf("java: Avro %s, %s %s; %d schemas, %d pairs, %d compatible (checksum %d)%n",
            Schema.class.getPackage().getImplementationVersion(), System.getProperty("java.vm.name"),
            System.getProperty("java.version"), schemas, pairs, compatible, sink % 1000);
        System.out.printf("java_parse_schemas_per_second=%d%n", (long) parse[0]);
        System.out.printf("java_compat_core_pairs_per_second=%d%n", (long) core[0]);
        System.out.printf("java_compat_public_pairs_per_second=%d%n", (long) pub[0]);
        System.out.printf("java_parse_and_check_pairs_per_second=%d%n", (long) parseAndCheck[0]);
        System.out.printf("java_process_cpu: parse %d schemas/s, core %d pairs/s, public %d pairs/s, parse+check %d pairs/s%n",
            (long) parse[1], (long) core[1], (long) pub[1], (long) parseAndCheck[1]);
        System.out.printf("java_cold: parse %d schemas/s, core %d pairs/s, public %d pairs/s, parse+check %d pairs/s%n",
            (long) coldParse, (long) coldCore, (long) coldPublic, (long) coldParseAndCheck);
    }
}
