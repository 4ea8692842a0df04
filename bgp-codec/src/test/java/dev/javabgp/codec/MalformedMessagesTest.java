package dev.javabgp.codec;

import static dev.javabgp.codec.error.ErrorAction.*;
import static dev.javabgp.codec.testing.MalformedMessages.EBGP;
import static dev.javabgp.codec.testing.MalformedMessages.MANDATORY;
import static dev.javabgp.codec.testing.MalformedMessages.NLRI;
import static dev.javabgp.codec.testing.Wire.update;
import static org.assertj.core.api.Assertions.assertThat;

import dev.javabgp.codec.error.BgpError;
import dev.javabgp.codec.error.DecodeResult;
import dev.javabgp.codec.error.ErrorAction;
import dev.javabgp.codec.message.UpdateMessage;
import dev.javabgp.codec.nlri.AddressFamily;
import dev.javabgp.codec.testing.Bytes;
import dev.javabgp.codec.testing.MalformedMessages.Case;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/** The decoder against each malformation of {@link dev.javabgp.codec.testing.MalformedMessages}: the action, code, subcode and data. */
class MalformedMessagesTest {

    @ParameterizedTest(name = "{0}")
    @MethodSource("dev.javabgp.codec.testing.MalformedMessages#cases")
    void prescribesTheRfcAction(Case c) {
        DecodeResult result = Bytes.decode(c.wire(), c.options());
        BgpError error = switch (result) {
            case DecodeResult.Failed f -> f.error();
            case DecodeResult.Decoded d -> {
                assertThat(d.errors()).as("errors of %s", d.message()).isNotEmpty();
                assertThat(d.action()).isEqualTo(c.action());
                yield d.errors().stream().filter(e -> e.action() == c.action()).findFirst().orElseThrow();
            }
        };
        assertThat(error.action()).isEqualTo(c.action());
        assertThat(error.code()).as("code").isEqualTo(c.code());
        assertThat(error.subcode()).as("subcode").isEqualTo(c.subcode());
        assertThat(Bytes.hex(error.data())).as("data").isEqualTo(c.dataHex().replace(" ", ""));
        if (c.action() == SESSION_RESET) {
            assertThat(result).isInstanceOf(DecodeResult.Failed.class);
        }
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("dev.javabgp.codec.testing.MalformedMessages#cases")
    void treatAsWithdrawKeepsThePrefixesToWithdraw(Case c) {
        if (c.action() != TREAT_AS_WITHDRAW && c.action() != ATTRIBUTE_DISCARD) {
            return;
        }
        UpdateMessage update = (UpdateMessage) ((DecodeResult.Decoded) Bytes.decode(c.wire(), c.options())).message();
        assertThat(update.announcedCount() + update.withdrawnCount()).isPositive();
    }

    @org.junit.jupiter.api.Test
    void afiSafiDisableNamesTheFamily() {
        DecodeResult result = Bytes.decode(
                update("", "80 0e 12 0002 01 08 20010db800000001 00 20 20010db8 | 40 01 01 00 | 40 02 00", ""), EBGP);
        assertThat(((DecodeResult.Decoded) result).errors().get(0).family()).isEqualTo(AddressFamily.IPV6_UNICAST);
    }

    @org.junit.jupiter.api.Test
    void repeatedAttributeKeepsTheFirst() {
        DecodeResult.Decoded d = (DecodeResult.Decoded) Bytes.decode(
                update("", MANDATORY + "c0 08 04 fde90064 | c0 08 04 fde90065", NLRI), EBGP);
        assertThat(((UpdateMessage) d.message()).attributes().communities().get(0)).isEqualTo(0xfde90064);
    }
}
