package io.gatehouse.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.Test;

class EventStreamReaderTest {
  private static List<EventStreamReader.Event> readAll(EventStreamReader reader)
      throws IOException {
    List<EventStreamReader.Event> events = new ArrayList<>();
    for (Optional<EventStreamReader.Event> e = reader.next(); e.isPresent(); e = reader.next()) {
      events.add(e.get());
    }
    return events;
  }

  private static EventStreamReader reader(String text) {
    return new EventStreamReader(new ByteArrayInputStream(text.getBytes(StandardCharsets.UTF_8)));
  }

  /** Gives at most one byte per read, as a slow network might. */
  private static InputStream oneByteAtATime(String text) {
    byte[] bytes = text.getBytes(StandardCharsets.UTF_8);
    return new InputStream() {
      private int next;

      @Override
      public int read() {
        return next < bytes.length ? bytes[next++] & 0xff : -1;
      }

      @Override
      public int read(byte[] b, int off, int len) {
        if (len == 0) {
          return 0;
        }
        int c = read();
        if (c < 0) {
          return -1;
        }
        b[off] = (byte) c;
        return 1;
      }
    };
  }

  @Test
  void next_fields_giveIdTypeAndData() throws IOException {
    EventStreamReader reader = reader("id: 3\nevent: state\ndata: {\"seq\":3}\n\n");

    assertThat(readAll(reader))
        .containsExactly(new EventStreamReader.Event("3", "state", "{\"seq\":3}"));
    assertThat(reader.lastEventId()).isEqualTo("3");
  }

  @Test
  void next_multipleDataLines_areJoinedWithNewline() throws IOException {
    assertThat(readAll(reader("data: a\ndata:b\ndata:  c\n\n")))
        .extracting(EventStreamReader.Event::data)
        .containsExactly("a\nb\n c");
  }

  @Test
  void next_commentsAndUnknownFields_areIgnored() throws IOException {
    String text = ": heartbeat\n\n:another\nfoo: bar\ndata: x\n: inside\n\n";

    assertThat(readAll(reader(text)))
        .containsExactly(new EventStreamReader.Event("", "message", "x"));
  }

  @Test
  void next_crlfAndCrLineEnds_areLineEnds() throws IOException {
    String text = "id: 1\r\nevent: a\r\ndata: one\r\n\r\nid: 2\revent: b\rdata: two\r\r";

    assertThat(readAll(reader(text)))
        .containsExactly(
            new EventStreamReader.Event("1", "a", "one"),
            new EventStreamReader.Event("2", "b", "two"));
  }

  @Test
  void next_fragmentedBytes_giveTheSameEvents() throws IOException {
    String text = "\uFEFFid: 7\nevent: review\ndata: {\"detail\":\"Zoë ✓\"}\n\n: ping\n\n";

    List<EventStreamReader.Event> events = readAll(new EventStreamReader(oneByteAtATime(text)));

    assertThat(events)
        .containsExactly(new EventStreamReader.Event("7", "review", "{\"detail\":\"Zoë ✓\"}"));
  }

  @Test
  void next_eventWithoutData_isNotDispatchedButItsIdIsKept() throws IOException {
    EventStreamReader reader = reader("id: 9\nevent: x\n\ndata: y\n\n");

    assertThat(readAll(reader)).containsExactly(new EventStreamReader.Event("9", "message", "y"));
  }

  @Test
  void next_streamEndingMidEvent_dropsIt() throws IOException {
    EventStreamReader reader = reader("id: 1\ndata: a\n\nid: 2\ndata: b");

    assertThat(readAll(reader)).extracting(EventStreamReader.Event::data).containsExactly("a");
    assertThat(reader.lastEventId()).isEqualTo("1");
  }

  @Test
  void next_retry_isRememberedAndBadValuesIgnored() throws IOException {
    EventStreamReader reader = reader("retry: 250\n\nretry: soon\n\n");

    readAll(reader);

    assertThat(reader.retry()).contains(Duration.ofMillis(250));
  }

  @Test
  void next_fieldWithoutColon_hasEmptyValue() throws IOException {
    assertThat(readAll(reader("data\n\n")))
        .containsExactly(new EventStreamReader.Event("", "message", ""));
    assertThat(readAll(reader("data\ndata: x\n\n")))
        .extracting(EventStreamReader.Event::data)
        .containsExactly("\nx");
  }
}
