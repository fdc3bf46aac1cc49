package org.pockettts.server;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.atomic.AtomicReference;
import org.junit.jupiter.api.Test;

/**
 * Admission: at most slots + queue requests in the server, whatever they are doing; slots go to the
 * waiters in arrival order; beyond that, 503.
 */
class GenerationSlotsTest {

    /** Admits a request and waits for its slot on another thread. */
    private static CompletableFuture<GenerationSlots.Admission> waitLater(GenerationSlots slots, List<String> order,
                                                                          String name) {
        GenerationSlots.Admission admission = slots.admit();
        return CompletableFuture.supplyAsync(() -> {
            try {
                admission.awaitSlot();
                order.add(name);
                return admission;
            } catch (InterruptedException e) {
                throw new IllegalStateException(e);
            }
        });
    }

    private static GenerationSlots.Admission running(GenerationSlots slots) throws InterruptedException {
        GenerationSlots.Admission admission = slots.admit();
        admission.awaitSlot();
        return admission;
    }

    @Test
    void waitersAreServedInOrderAndTheRestRefused() throws Exception {
        GenerationSlots slots = new GenerationSlots(1, 2, 3);
        List<String> order = new CopyOnWriteArrayList<>();
        GenerationSlots.Admission first = running(slots);
        CompletableFuture<GenerationSlots.Admission> second = waitLater(slots, order, "second");
        MetricsText.await("the second waits", () -> slots.waiting() == 1);
        CompletableFuture<GenerationSlots.Admission> third = waitLater(slots, order, "third");
        MetricsText.await("the third waits", () -> slots.waiting() == 2);

        assertThatThrownBy(slots::admit).isInstanceOfSatisfying(ApiException.class, e -> {
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

    /** A request still reading its body or fetching its voice counts: the memory it holds is bounded. */
    @Test
    void requestsNotYetWaitingForASlotCountToo() throws Exception {
        GenerationSlots slots = new GenerationSlots(1, 1, 1);
        GenerationSlots.Admission fetching = slots.admit();
        GenerationSlots.Admission reading = slots.admit();
        assertThat(slots.waiting()).isEqualTo(2);
        assertThatThrownBy(slots::admit).isInstanceOf(ApiException.class).hasMessageContaining("busy");
        reading.close();
        GenerationSlots.Admission next = slots.admit();
        fetching.awaitSlot();
        assertThat(slots.running()).isEqualTo(1);
        next.close();
        fetching.close();
        assertThat(slots.running()).isZero();
        assertThat(slots.waiting()).isZero();
    }

    /** A waiter that is interrupted (its client left) leaves the queue and frees its place. */
    @Test
    void anInterruptedWaiterLeavesTheQueue() throws Exception {
        GenerationSlots slots = new GenerationSlots(1, 1, 1);
        GenerationSlots.Admission first = running(slots);
        GenerationSlots.Admission waiter = slots.admit();
        AtomicReference<Throwable> failure = new AtomicReference<>();
        Thread thread = Thread.ofVirtual().start(() -> {
            try {
                waiter.awaitSlot();
            } catch (InterruptedException e) {
                failure.set(e);
            } finally {
                waiter.close();
            }
        });
        MetricsText.await("the waiter waits", () -> thread.getState() == Thread.State.WAITING);
        thread.interrupt();
        thread.join();
        assertThat(failure.get()).isInstanceOf(InterruptedException.class);
        assertThat(slots.waiting()).isZero();
        first.close();
        assertThat(slots.running()).isZero();
    }

    @Test
    void closingTurnsWaitersAwayButKeepsRunningSlots() throws Exception {
        GenerationSlots slots = new GenerationSlots(1, 4, 1);
        GenerationSlots.Admission running = running(slots);
        CompletableFuture<GenerationSlots.Admission> waiting = waitLater(slots, new CopyOnWriteArrayList<>(), "w");
        MetricsText.await("a request waits", () -> slots.waiting() == 1);
        slots.close();
        assertThat(waiting).failsWithin(java.time.Duration.ofMinutes(1))
                .withThrowableOfType(ExecutionException.class)
                .havingCause().isInstanceOf(ApiException.class).withMessageContaining("shutting down");
        assertThat(slots.running()).isEqualTo(1);
        assertThat(slots.awaitIdle(0)).isFalse();
        running.close();
        assertThat(slots.awaitIdle(0)).isTrue();
        assertThatThrownBy(slots::admit).isInstanceOf(ApiException.class).hasMessageContaining("shutting down");
    }
}
