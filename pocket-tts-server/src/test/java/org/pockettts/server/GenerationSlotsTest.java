package org.pockettts.server;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CopyOnWriteArrayList;
import org.junit.jupiter.api.Test;

/** Admission: slots first, then the queue in arrival order, then 503. */
class GenerationSlotsTest {

    private static CompletableFuture<GenerationSlots.Slot> acquireLater(GenerationSlots slots, List<String> order,
                                                                        String name) {
        return CompletableFuture.supplyAsync(() -> {
            try {
                GenerationSlots.Slot slot = slots.acquire();
                order.add(name);
                return slot;
            } catch (InterruptedException e) {
                throw new IllegalStateException(e);
            }
        });
    }

    @Test
    void waitersAreServedInOrderAndTheRestRefused() throws Exception {
        GenerationSlots slots = new GenerationSlots(1, 2, 3);
        List<String> order = new CopyOnWriteArrayList<>();
        GenerationSlots.Slot first = slots.acquire();
        CompletableFuture<GenerationSlots.Slot> second = acquireLater(slots, order, "second");
        MetricsText.await("the second waits", () -> slots.waiting() == 1);
        CompletableFuture<GenerationSlots.Slot> third = acquireLater(slots, order, "third");
        MetricsText.await("the third waits", () -> slots.waiting() == 2);

        assertThatThrownBy(slots::acquire).isInstanceOfSatisfying(ApiException.class, e -> {
            assertThat(e.status()).isEqualTo(503);
            assertThat(e.headers()).containsEntry("Retry-After", "3");
        });

        first.close();
        first.close(); // a second close changes nothing
        second.get().close();
        third.get().close();
        assertThat(order).containsExactly("second", "third");
        assertThat(slots.running()).isZero();
        assertThat(slots.waiting()).isZero();
    }

    @Test
    void closingTurnsWaitersAwayButKeepsRunningSlots() throws Exception {
        GenerationSlots slots = new GenerationSlots(1, 4, 1);
        GenerationSlots.Slot running = slots.acquire();
        CompletableFuture<GenerationSlots.Slot> waiting = acquireLater(slots, new CopyOnWriteArrayList<>(), "w");
        MetricsText.await("a request waits", () -> slots.waiting() == 1);
        slots.close();
        assertThat(waiting).failsWithin(java.time.Duration.ofMinutes(1))
                .withThrowableOfType(java.util.concurrent.ExecutionException.class)
                .havingCause().isInstanceOf(ApiException.class).withMessageContaining("shutting down");
        assertThat(slots.running()).isEqualTo(1);
        assertThat(slots.awaitIdle(0)).isFalse();
        running.close();
        assertThat(slots.awaitIdle(0)).isTrue();
        assertThatThrownBy(slots::acquire).isInstanceOf(ApiException.class).hasMessageContaining("shutting down");
    }
}
