package dev.javabgp.fsm;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatIllegalArgumentException;

import dev.javabgp.codec.error.BgpError;
import dev.javabgp.codec.error.DecodeResult;
import dev.javabgp.codec.message.KeepaliveMessage;
import dev.javabgp.codec.message.NotificationCode;
import dev.javabgp.codec.message.NotificationMessage;
import dev.javabgp.fsm.FsmEvent.*;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;

/** How driver inputs become RFC 4271 §8.1 events. */
class FsmEventTest {

    @Test
    void decodeFailuresAreClassifiedByErrorCode() {
        assertThat(FsmEvent.decodeFailed(Fixtures.headerError())).isInstanceOf(HeaderError.class);
        assertThat(FsmEvent.decodeFailed(Fixtures.openError())).isInstanceOf(OpenMessageError.class);
        assertThat(FsmEvent.decodeFailed(Fixtures.updateError())).isInstanceOf(UpdateMessageError.class);
        BgpError routeRefresh = BgpError.sessionReset(NotificationCode.ROUTE_REFRESH_MESSAGE_ERROR,
                NotificationCode.INVALID_MESSAGE_LENGTH, new byte[0], "short ROUTE-REFRESH");
        assertThat(FsmEvent.of(new DecodeResult.Failed(routeRefresh)).type()).isEqualTo(EventType.UPDATE_MSG_ERR);
    }

    @Test
    void decodedMessagesBecomeMessageEvents() {
        assertThat(FsmEvent.of(new DecodeResult.Decoded(KeepaliveMessage.INSTANCE))).isEqualTo(new KeepaliveReceived());
        assertThat(FsmEvent.of(new DecodeResult.Decoded(Fixtures.peerOpen())).type()).isEqualTo(EventType.BGP_OPEN);
        BgpError survived = new BgpError(dev.javabgp.codec.error.ErrorAction.TREAT_AS_WITHDRAW, 3, 1, new byte[0], null, "x");
        assertThat(FsmEvent.of(new DecodeResult.Decoded(Fixtures.endOfRib(), List.of(survived))))
                .isEqualTo(new UpdateReceived(Fixtures.endOfRib(), List.of(survived)));
        assertThat(FsmEvent.received(FsmTestSupport.routeRefresh())).isInstanceOf(RouteRefreshReceived.class);
    }

    @Test
    void onlyUnsupportedVersionIsNotifMsgVerErr() {
        assertThat(new NotificationReceived(Fixtures.versionError()).type()).isEqualTo(EventType.NOTIF_MSG_VER_ERR);
        assertThat(new NotificationReceived(new NotificationMessage(2, 2)).type()).isEqualTo(EventType.NOTIF_MSG);
        assertThat(new NotificationReceived(Fixtures.ADMIN_SHUTDOWN).type()).isEqualTo(EventType.NOTIF_MSG);
    }

    @Test
    void everyTimerHasItsExpiryEvent() {
        for (Timer t : Timer.values()) {
            assertThat(t.expiryEvent().type().rfcName()).containsIgnoringCase(t.name().replace("_", "").substring(0, 4));
        }
        assertThat(Timer.HOLD.expiryEvent().type()).isEqualTo(EventType.HOLD_TIMER_EXPIRES);
    }

    @Test
    void stopsCarryACease() {
        assertThatIllegalArgumentException().isThrownBy(() -> new ManualStop(new NotificationMessage(4, 0)));
        assertThat(AutomaticStop.cease(NotificationCode.OUT_OF_RESOURCES).notification())
                .isEqualTo(new NotificationMessage(NotificationCode.CEASE, NotificationCode.OUT_OF_RESOURCES));
    }

    @Test
    void theModuleDoesNoIoOfItsOwn() throws IOException {
        // The FSM is pure: no Netty, no sockets, no clock.
        try (Stream<Path> files = Files.walk(Path.of("src", "main", "java"))) {
            for (Path p : files.filter(f -> f.toString().endsWith(".java")).toList()) {
                String text = Files.readString(p);
                assertThat(text).as(p.toString()).doesNotContain("import io.netty", "java.nio.channels", "java.net.Socket",
                        "System.nanoTime", "System.currentTimeMillis", "Instant.now", "Clock.");
            }
        }
    }
}
