package dev.ww.core.event;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

class EventHandlersTest {

  record CustomEvent(String what) implements Event {}

  @Test
  void dispatch_deliversOnlyToHandlersOfTheEventsType() {
    List<String> logs = new ArrayList<>();
    List<Long> progress = new ArrayList<>();
    EventHandlers handlers =
        EventHandlers.builder()
            .add(LogEvent.class, e -> logs.add(e.message()))
            .add(ProgressEvent.class, e -> progress.add(e.done()))
            .build();

    handlers.info("hello");
    handlers.dispatch(new ProgressEvent("copy", 5, 10, "bytes"));

    assertThat(logs).containsExactly("hello");
    assertThat(progress).containsExactly(5L);
  }

  @Test
  void dispatch_handlerForSupertype_seesEveryEvent() {
    List<Event> all = new ArrayList<>();
    EventHandlers handlers = EventHandlers.builder().add(Event.class, all::add).build();

    handlers.warn("careful");
    handlers.dispatch(new CustomEvent("module-defined"));

    assertThat(all).containsExactly(LogEvent.warn("careful"), new CustomEvent("module-defined"));
  }

  @Test
  void dispatch_callsHandlersInRegistrationOrder() {
    List<String> order = new ArrayList<>();
    EventHandlers handlers =
        EventHandlers.builder()
            .add(LogEvent.class, e -> order.add("first"))
            .add(Event.class, e -> order.add("second"))
            .build();

    handlers.debug("x");

    assertThat(order).containsExactly("first", "second");
  }

  @Test
  void none_dropsEverything() {
    EventHandlers.none().error("nobody listens");
  }

  @Test
  void time_reportsOneTimingEventWhenClosed() {
    List<TimingEvent> timings = new ArrayList<>();
    EventHandlers handlers = EventHandlers.builder().add(TimingEvent.class, timings::add).build();

    StepTimer timer = handlers.time("Building file list");
    timer.close();
    timer.close();

    assertThat(timings).hasSize(1);
    assertThat(timings.get(0).step()).isEqualTo("Building file list");
    assertThat(timings.get(0).elapsed().isNegative()).isFalse();
  }

  @Test
  void progressEvent_knowsWhenItIsComplete() {
    assertThat(new ProgressEvent("t", 10, 10, "entries").isComplete()).isTrue();
    assertThat(new ProgressEvent("t", 9, 10, "entries").isComplete()).isFalse();
    assertThat(new ProgressEvent("t", 9, ProgressEvent.UNKNOWN_TOTAL, "entries").hasTotal())
        .isFalse();
  }
}
