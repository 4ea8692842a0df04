package dev.javabgp.dataplane.netlink;

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
}
