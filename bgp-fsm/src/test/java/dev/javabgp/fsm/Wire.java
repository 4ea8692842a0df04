package dev.javabgp.fsm;

import dev.javabgp.codec.BgpMessageDecoder;
import dev.javabgp.codec.BgpMessageEncoder;
import dev.javabgp.codec.WireOptions;
import dev.javabgp.codec.error.DecodeResult;
import dev.javabgp.codec.message.BgpMessage;
import io.netty.buffer.ByteBuf;
import io.netty.buffer.ByteBufUtil;
import io.netty.buffer.Unpooled;
import io.netty.buffer.UnpooledByteBufAllocator;
import java.time.Duration;
import java.util.function.BiFunction;

/**
 * One simulated TCP connection between two {@link Speaker}s on a shared {@link FakeClock}.
 * Messages are encoded and decoded with bgp-codec, using each side's negotiated wire options, and
 * arrive after {@code latency} in the order sent; a drop reaches the other side after the
 * messages already in flight, as a TCP FIN would.
 */
final class Wire implements Speaker.Network {

    private final Speaker a;
    private final Speaker b;
    private final FakeClock clock;
    private final Duration latency;
    private boolean up;
    private boolean connecting;
    private int generation;
    /** When set, what {@code from} sends is lost: a one-way failure. */
    Speaker blackholeFrom;
    /**
     * Applied to each message event before it reaches the receiving speaker, which may replace it
     * (or drop it by returning null); a driver's collision handling hooks in here.
     */
    BiFunction<Speaker, FsmEvent, FsmEvent> intercept = (to, e) -> e;

    Wire(Speaker a, Speaker b, FakeClock clock, Duration latency) {
        this.a = a;
        this.b = b;
        this.clock = clock;
        this.latency = latency;
        a.network = this;
        b.network = this;
    }

    private Speaker other(Speaker s) {
        return s == a ? b : a;
    }

    private void deliver(Speaker to, FsmEvent event) {
        FsmEvent e = intercept.apply(to, event);
        if (e != null) {
            to.fire(e);
        }
    }

    @Override
    public void connect(Speaker from) {
        if (up || connecting) {
            return;
        }
        connecting = true;
        int gen = ++generation;
        clock.schedule(latency, () -> {
            if (gen != generation) {
                return;
            }
            connecting = false;
            Speaker to = other(from);
            // RFC 4271 §8.2.2: Idle refuses connections.
            if (to.state() == FsmState.IDLE) {
                from.fire(new FsmEvent.TcpConnectionFails());
                return;
            }
            up = true;
            to.fire(new FsmEvent.TcpConnectionConfirmed());
            from.fire(new FsmEvent.TcpConnectionAcked());
        });
    }

    @Override
    public void send(Speaker from, BgpMessage message) {
        if (!up || from == blackholeFrom) {
            return;
        }
        int gen = generation;
        WireOptions sendOptions = from.fsm.session().map(NegotiatedSession::sendOptions).orElse(WireOptions.DEFAULT);
        ByteBuf encoded = BgpMessageEncoder.encode(message, sendOptions, UnpooledByteBufAllocator.DEFAULT);
        byte[] bytes = ByteBufUtil.getBytes(encoded);
        encoded.release();
        clock.schedule(latency, () -> {
            if (gen != generation) {
                return;
            }
            Speaker to = other(from);
            WireOptions receiveOptions = to.fsm.session().map(NegotiatedSession::receiveOptions).orElse(WireOptions.DEFAULT);
            ByteBuf in = Unpooled.wrappedBuffer(bytes);
            DecodeResult result;
            try {
                result = BgpMessageDecoder.decode(in, receiveOptions);
            } finally {
                in.release();
            }
            deliver(to, FsmEvent.of(result));
        });
    }

    @Override
    public void drop(Speaker from) {
        if (connecting) {
            connecting = false;
            generation++;
            return;
        }
        if (!up) {
            return;
        }
        up = false;
        int gen = generation;
        clock.schedule(latency, () -> {
            if (gen != generation) {
                return;
            }
            generation++;
            other(from).fire(new FsmEvent.TcpConnectionFails());
        });
    }
}
