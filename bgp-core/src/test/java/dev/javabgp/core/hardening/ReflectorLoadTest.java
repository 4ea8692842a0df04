package dev.javabgp.core.hardening;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/**
 * A route reflector (RFC 4456) for 200 clients of 1,000 prefixes each converges: every client gets
 * the other 199,000 routes with their originator's ORIGINATOR_ID and our CLUSTER_LIST. Prints the
 * time and heap it took; other sizes with {@code -Djavabgp.load.clients=N -Djavabgp.load.prefixes=P}.
 */
@Timeout(value = 5, unit = TimeUnit.MINUTES)
class ReflectorLoadTest {

    @Test
    void everyClientReceivesEveryOtherClientsRoutes() throws Exception {
        int clients = Integer.getInteger("javabgp.load.clients", 200);
        int prefixes = Integer.getInteger("javabgp.load.prefixes", 1000);
        ReflectorLoad.Result r = ReflectorLoad.run(clients, prefixes, Duration.ofMinutes(4));
        System.out.println(r);
        assertThat(r.reflected() - r.ownReflected()).isEqualTo((long) clients * (clients - 1) * prefixes);
    }
}
