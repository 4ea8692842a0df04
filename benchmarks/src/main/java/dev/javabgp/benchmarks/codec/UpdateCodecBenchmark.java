package dev.javabgp.benchmarks.codec;

import dev.javabgp.codec.BgpMessageDecoder;
import dev.javabgp.codec.BgpMessageEncoder;
import dev.javabgp.codec.UpdateHandler;
import dev.javabgp.codec.UpdatePacker;
import dev.javabgp.codec.UpdateReader;
import dev.javabgp.codec.attribute.MpReachNlri;
import dev.javabgp.codec.attribute.PathAttributes;
import dev.javabgp.codec.error.BgpError;
import dev.javabgp.codec.error.DecodeResult;
import dev.javabgp.codec.message.UpdateMessage;
import dev.javabgp.codec.nlri.PrefixBlock;
import dev.javabgp.codec.nlri.PrefixCursor;
import io.netty.buffer.ByteBuf;
import io.netty.buffer.Unpooled;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.openjdk.jmh.annotations.*;
import org.openjdk.jmh.infra.Blackhole;

/**
 * UPDATE decoding and encoding over a corpus of {@link UpdateCorpus#MESSAGES} messages; one
 * operation is one pass over the whole corpus, so throughput times the corpus size gives bytes and
 * prefixes per second ({@link CodecBenchmarkReport} does that arithmetic).
 */
@State(Scope.Thread)
@BenchmarkMode(Mode.Throughput)
@OutputTimeUnit(TimeUnit.SECONDS)
@Warmup(iterations = 3, time = 2)
@Measurement(iterations = 5, time = 2)
@Fork(value = 1, jvmArgsAppend = {"-Xms2g", "-Xmx2g", "-XX:+UseParallelGC"})
public class UpdateCodecBenchmark {

    @Param({"MIXED", "ADD_PATH", "V4_PACK_20", "V4_PACK_200"})
    public UpdateCorpus.Mix mix;

    private UpdateCorpus corpus;
    private ByteBuf out;
    private final PrefixSum sum = new PrefixSum();
    private final UpdateReader reader = new UpdateReader();

    @Setup
    public void setUp() {
        corpus = new UpdateCorpus(mix);
        out = Unpooled.directBuffer(corpus.bytes() * 2);
    }

    @TearDown
    public void tearDown() {
        corpus.wire.release();
        out.release();
    }

    /** Decodes each UPDATE into a value: header, attributes, prefixes validated and copied into blocks. */
    @Benchmark
    public void decode(Blackhole bh) {
        ByteBuf in = corpus.wire;
        in.readerIndex(0);
        while (in.isReadable()) {
            bh.consume(BgpMessageDecoder.decode(in, corpus.options));
        }
    }

    /** {@link #decode} and then every prefix read through its cursor, as a RIB taking values would. */
    @Benchmark
    public long decodeAndReadPrefixes(Blackhole bh) {
        ByteBuf in = corpus.wire;
        in.readerIndex(0);
        long acc = 0;
        while (in.isReadable()) {
            DecodeResult.Decoded d = (DecodeResult.Decoded) BgpMessageDecoder.decode(in, corpus.options);
            UpdateMessage u = (UpdateMessage) d.message();
            bh.consume(u.attributes());
            acc += walk(u.nlri().cursor());
            MpReachNlri reach = u.attributes().mpReach();
            if (reach != null) {
                acc += walk(reach.nlri().cursor());
            }
        }
        return acc;
    }

    /** Each UPDATE through an {@link UpdateReader}: attributes as values, every prefix read in place. */
    @Benchmark
    public long readInPlace() {
        ByteBuf in = corpus.wire;
        in.readerIndex(0);
        sum.total = 0;
        while (in.isReadable()) {
            BgpError error = reader.read(in, corpus.options, sum);
            if (error != null) {
                throw new IllegalStateException(error.toString());
            }
        }
        return sum.total;
    }

    /** Encodes each UPDATE value into one message. */
    @Benchmark
    public int encodeMessages() {
        out.clear();
        for (UpdateMessage m : corpus.messages) {
            BgpMessageEncoder.encode(m, corpus.options, out);
        }
        return out.writerIndex();
    }

    /** Packs each message's prefixes under its attributes, as an Adj-RIB-Out sends them. */
    @Benchmark
    public int encodePacked() {
        out.clear();
        List<UpdateMessage> messages = corpus.messages;
        for (UpdateMessage m : messages) {
            PathAttributes attributes = m.attributes();
            MpReachNlri reach = attributes.mpReach();
            PrefixBlock prefixes = reach != null ? reach.nlri() : m.nlri();
            UpdatePacker.writeAnnouncements(attributes, prefixes, corpus.options, out);
        }
        return out.writerIndex();
    }

    private static long walk(PrefixCursor c) {
        long acc = 0;
        while (c.next()) {
            acc += c.ipv4Address() + c.length() + c.pathId();
        }
        return acc;
    }

    /** Reads every prefix of every UPDATE, as a RIB inserting them would. */
    static final class PrefixSum implements UpdateHandler {
        long total;

        @Override
        public void attributes(PathAttributes attributes, List<BgpError> errors) {
            total += attributes.size();
        }

        @Override
        public void withdrawn(PrefixCursor prefixes) {
            total -= walk(prefixes);
        }

        @Override
        public void announced(PrefixCursor prefixes) {
            total += walk(prefixes);
        }
    }
}
