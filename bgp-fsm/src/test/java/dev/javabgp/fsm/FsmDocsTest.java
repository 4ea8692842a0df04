package dev.javabgp.fsm;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatIllegalArgumentException;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;

/** docs/fsm.md holds what {@link FsmDocs} makes of the code, and the diagram shows the RFC transitions. */
class FsmDocsTest {

    private static final Path DOC = Path.of("..", "docs", "fsm.md");

    @Test
    void docsFsmMdIsUpToDateWithTheTransitionTable() throws IOException {
        String text = Files.readString(DOC, StandardCharsets.UTF_8);
        String generated = FsmDocs.update(text);
        if (Boolean.getBoolean("fsm.docs.write") && !generated.equals(text)) {
            Files.writeString(DOC, generated, StandardCharsets.UTF_8);
            text = generated;
        }
        assertThat(text)
                .as("docs/fsm.md is out of date: ./mvnw -pl bgp-fsm test -Dtest=FsmDocsTest -Dfsm.docs.write=true")
                .isEqualTo(generated);
    }

    @Test
    void theDiagramShowsTheMainPath() {
        String mermaid = FsmDocs.mermaid();
        assertThat(mermaid).startsWith("stateDiagram-v2\n    [*] --> Idle\n");
        assertThat(mermaid).contains(
                "    Idle --> Connect : 1, 3, 6, 7, 13\n",
                "    Idle --> Active : 1, 3-7, 13\n",
                "    Connect --> OpenSent : 12, 16, 17\n",
                "    Active --> Connect : 9\n",
                "    OpenSent --> OpenConfirm : 19\n",
                "    OpenSent --> Active : 18\n",
                "    OpenConfirm --> Established : 26\n",
                "    Established --> Idle : 2, 8-10, 12, 13, 18-25, 28\n");
        assertThat(mermaid).doesNotContain("Established --> OpenSent", "Idle --> Established", "Idle --> OpenSent",
                "Idle --> Idle", "Established --> Established");
    }

    @Test
    void rangesAreCompressed() {
        assertThat(FsmDocs.label(java.util.EnumSet.of(EventType.MANUAL_START, EventType.MANUAL_STOP, EventType.AUTOMATIC_START,
                EventType.TCP_CR_ACKED, EventType.TCP_CONNECTION_CONFIRMED, EventType.ROUTE_REFRESH_MSG)))
                .isEqualTo("1-3, 16, 17, RouteRefreshMsg");
    }

    @Test
    void aDocumentWithoutTheMarkersIsRefused() {
        assertThatIllegalArgumentException().isThrownBy(() -> FsmDocs.update("# nothing generated here\n"));
    }
}
