package dev.javabgp.fsm;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.EnumSet;
import java.util.List;
import java.util.stream.IntStream;
import org.junit.jupiter.api.Test;

/** The table covers every state and event exactly once, and names all 28 RFC 4271 §8.1 events. */
class TransitionTableTest {

    @Test
    void all28RfcEventsAreNumberedOnce() {
        List<Integer> numbers = EnumSet.allOf(EventType.class).stream().map(EventType::number).filter(n -> n > 0).toList();
        assertThat(numbers).containsExactlyElementsOf(IntStream.rangeClosed(1, 28).boxed().toList());
    }

    @Test
    void eachStatesRowsPartitionTheEvents() {
        for (FsmState state : FsmState.values()) {
            EnumSet<EventType> seen = EnumSet.noneOf(EventType.class);
            for (TransitionTable.Row row : TransitionTable.rows()) {
                if (row.from() == state) {
                    for (EventType e : row.events()) {
                        assertThat(seen.add(e)).as("%s appears twice in %s", e, state).isTrue();
                    }
                    assertThat(row.targets()).isNotEmpty();
                }
            }
            assertThat(seen).as("events of %s", state).isEqualTo(EnumSet.allOf(EventType.class));
        }
    }

    @Test
    void ignoredRowsStayPut() {
        for (TransitionTable.Row row : TransitionTable.rows()) {
            if (row.ignored()) {
                assertThat(row.targets()).containsExactly(row.from());
            }
        }
    }

    @Test
    void theRfcsMainTransitionsAreListed() {
        assertThat(TransitionTable.row(FsmState.OPEN_CONFIRM, EventType.KEEP_ALIVE_MSG).targets()).containsExactly(FsmState.ESTABLISHED);
        assertThat(TransitionTable.row(FsmState.OPEN_SENT, EventType.BGP_OPEN).targets())
                .containsExactlyInAnyOrder(FsmState.OPEN_CONFIRM, FsmState.IDLE);
        assertThat(TransitionTable.row(FsmState.IDLE, EventType.MANUAL_STOP).targets()).containsExactly(FsmState.IDLE);
        assertThat(TransitionTable.row(FsmState.ESTABLISHED, EventType.UPDATE_MSG_ERR).targets()).containsExactly(FsmState.IDLE);
    }
}
