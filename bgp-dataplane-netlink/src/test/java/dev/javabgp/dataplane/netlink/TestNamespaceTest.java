package dev.javabgp.dataplane.netlink;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.junit.jupiter.api.Test;
import org.opentest4j.AssertionFailedError;
import org.opentest4j.TestAbortedException;

/** The rule for kernel tests: skip with the reason on a developer machine, fail in CI. */
class TestNamespaceTest {

    @Test
    void withoutWhatTheyNeedKernelTestsSkipOnADeveloperMachineAndFailInCi() {
        Class<? extends Throwable> expected = "true".equalsIgnoreCase(System.getenv("CI"))
                ? AssertionFailedError.class
                : TestAbortedException.class;
        assertThatThrownBy(() -> TestNamespace.skipOrFail("root")).isInstanceOf(expected)
                .hasMessageContaining("netlink dataplane test needs root");
    }

    @Test
    void theCapabilitiesNamespacesAndNetlinkChangesNeedAreReadFromCapEff() {
        assertThat(TestNamespace.missingCapabilities(0x000001fffeffffffL)).isEmpty(); // root on a host
        assertThat(TestNamespace.missingCapabilities(0x00000000a80425fbL)) // Docker's default set
                .containsExactly("CAP_NET_ADMIN", "CAP_SYS_ADMIN");
        assertThat(TestNamespace.missingCapabilities(1L << 12)).containsExactly("CAP_SYS_ADMIN");
        assertThat(TestNamespace.missingCapabilities(1L << 21)).containsExactly("CAP_NET_ADMIN");
    }
}
