package io.gatehouse.deploy.audit;

import static org.assertj.core.api.Assertions.assertThat;

import io.gatehouse.deploy.audit.AuditVerifier.Problem;
import io.gatehouse.deploy.audit.AuditVerifier.ProblemKind;
import io.gatehouse.deploy.audit.AuditVerifier.Report;
import java.io.Reader;
import java.io.StringReader;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Optional;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;

class AuditVerifierTest {
  private static final Instant T0 = Instant.parse("2026-11-22T10:15:30.123456Z");

  /** Three chains of four entries each, as an export lists them. */
  private static List<String> export() {
    List<String> lines = new ArrayList<>();
    for (int chain = 0; chain < 3; chain++) {
      String prev = AuditHash.GENESIS;
      for (long seq = 1; seq <= 4; seq++) {
        AuditEntry entry = entry(chain, seq, prev, "deployment/" + chain, "{\"n\":" + seq + "}");
        lines.add(AuditJson.line(entry));
        prev = entry.hash();
      }
    }
    return lines;
  }

  private static AuditEntry entry(int chain, long seq, String prev, String subject, String inputs) {
    Instant at = T0.plusSeconds(seq);
    String hash =
        AuditHash.of(
            prev,
            chain,
            seq,
            AuditHash.micros(at),
            "alice",
            "deployment.create",
            subject,
            Optional.of("shop"),
            Optional.empty(),
            inputs);
    return new AuditEntry(
        chain,
        seq,
        at,
        "alice",
        "deployment.create",
        subject,
        Optional.of("shop"),
        Optional.empty(),
        inputs,
        prev,
        hash);
  }

  private static Reader text(List<String> lines) {
    return new StringReader(String.join("\n", lines) + "\n");
  }

  private static List<ProblemKind> kinds(Report report) {
    return report.problems().stream().map(Problem::kind).collect(Collectors.toList());
  }

  @Test
  void verify_untouchedExport_isOkWithCountsAndHeads() {
    Report report = AuditVerifier.verify(text(export()));

    assertThat(report.problems()).isEmpty();
    assertThat(report.ok()).isTrue();
    assertThat(report.entriesPerChain()).containsEntry(0, 4L).containsEntry(2, 4L).hasSize(3);
    assertThat(report.heads()).extracting(AuditHead::seq).containsExactly(4L, 4L, 4L);
  }

  @Test
  void verify_editedField_reportsHashMismatchWithChainSeqAndLine() {
    List<String> lines = export();
    lines.set(5, lines.get(5).replace("\"actor\":\"alice\"", "\"actor\":\"mallory\""));

    Report report = AuditVerifier.verify(text(lines));

    assertThat(report.ok()).isFalse();
    assertThat(report.problems())
        .singleElement()
        .satisfies(
            p -> {
              assertThat(p.kind()).isEqualTo(ProblemKind.HASH_MISMATCH);
              assertThat(p.line()).isEqualTo(6);
              assertThat(p.chain()).hasValue(1);
              assertThat(p.seq()).hasValue(2);
            });
  }

  @Test
  void verify_editedEntryWithRecomputedHash_reportsBrokenLinkOfTheNext() {
    List<String> lines = export();
    AuditEntry forged = entry(1, 2, hashOf(lines.get(4)), "deployment/1", "{\"n\":99}");
    lines.set(5, AuditJson.line(forged));

    Report report = AuditVerifier.verify(text(lines));

    assertThat(kinds(report)).containsExactly(ProblemKind.BROKEN_LINK);
    assertThat(report.problems().getFirst().seq()).hasValue(3);
  }

  @Test
  void verify_removedEntry_reportsGap() {
    List<String> lines = export();
    lines.remove(6);

    Report report = AuditVerifier.verify(text(lines));

    assertThat(kinds(report)).containsExactly(ProblemKind.GAP);
    assertThat(report.problems().getFirst().detail()).isEqualTo("seq 3 is missing");
    assertThat(report.problems().getFirst().chain()).hasValue(1);
  }

  @Test
  void verify_removedFirstEntry_reportsGap() {
    List<String> lines = export();
    lines.remove(0);

    assertThat(kinds(AuditVerifier.verify(text(lines)))).containsExactly(ProblemKind.GAP);
  }

  @Test
  void verify_reorderedEntries_reportsOutOfOrder() {
    List<String> lines = export();
    Collections.swap(lines, 5, 6);

    Report report = AuditVerifier.verify(text(lines));

    assertThat(kinds(report)).contains(ProblemKind.OUT_OF_ORDER);
    assertThat(report.ok()).isFalse();
  }

  @Test
  void verify_duplicatedEntry_reportsDuplicate() {
    List<String> lines = export();
    lines.add(6, lines.get(5));

    Report report = AuditVerifier.verify(text(lines));

    assertThat(kinds(report)).containsExactly(ProblemKind.DUPLICATE);
    assertThat(report.problems().getFirst().line()).isEqualTo(7);
  }

  @Test
  void verify_truncatedTail_passesWithoutAnchorButFailsWithIt() {
    String anchor = AuditVerifier.verify(text(export())).anchorJson();
    List<String> lines = export();
    lines.remove(11);
    lines.remove(10);

    assertThat(AuditVerifier.verify(text(lines)).ok()).isTrue();
    Report report = AuditVerifier.verify(text(lines), new StringReader(anchor));

    assertThat(kinds(report)).containsExactly(ProblemKind.TRUNCATED);
    assertThat(report.problems().getFirst().chain()).hasValue(2);
    assertThat(report.problems().getFirst().detail())
        .isEqualTo("the export ends at seq 2 but the anchor reaches seq 4");
  }

  @Test
  void verify_rewrittenHistoryBelowAnchor_reportsAnchorMismatch() {
    String anchor = AuditVerifier.verify(text(export())).anchorJson();
    List<String> lines = export();
    lines.subList(8, 12).clear();
    String prev = AuditHash.GENESIS;
    for (long seq = 1; seq <= 4; seq++) {
      AuditEntry forged = entry(2, seq, prev, "deployment/2", "{}");
      lines.add(AuditJson.line(forged));
      prev = forged.hash();
    }

    Report report = AuditVerifier.verify(text(lines), new StringReader(anchor));

    assertThat(kinds(report)).containsExactly(ProblemKind.ANCHOR_MISMATCH);
  }

  @Test
  void verify_exportGrownPastAnchor_isOk() {
    List<String> lines = export();
    String anchor = AuditVerifier.verify(text(lines.subList(0, 10))).anchorJson();

    assertThat(AuditVerifier.verify(text(lines), new StringReader(anchor)).ok()).isTrue();
  }

  @Test
  void verify_badAnchor_isAProblemNotAnException() {
    Report report = AuditVerifier.verify(text(export()), new StringReader("{\"chains\":[{]"));

    assertThat(kinds(report)).containsExactly(ProblemKind.BAD_ANCHOR);
  }

  @Test
  void verifyExcerpt_filteredExport_checksHashesNotGaps() {
    List<String> lines = export();
    lines.remove(6);
    lines.remove(0);

    assertThat(AuditVerifier.verifyExcerpt(text(lines)).ok()).isTrue();
    lines.set(0, lines.get(0).replace("alice", "eve"));
    assertThat(kinds(AuditVerifier.verifyExcerpt(text(lines))))
        .containsExactly(ProblemKind.HASH_MISMATCH);
  }

  @Test
  void verify_malformedAndHostileLines_reportsEachAndKeepsGoing() {
    List<String> lines = export();
    String good = lines.get(0);
    List<String> hostile =
        List.of(
            "not json",
            "[1,2,3]",
            "{\"chain\":0}",
            good.replace("\"chain\":0", "\"chain\":0,\"chain\":1"),
            good.replace("\"seq\":1", "\"seq\":\"1\""),
            good.replace("\"seq\":1", "\"seq\":-1"),
            good.replace("\"seq\":1", "\"seq\":123456789012345678901234567890"),
            good.replace("\"hash\":\"", "\"hash\":\"A"),
            good.replace("{", "{\"extra\":1,"),
            good + " trailing",
            "{\"a\":" + "[".repeat(5000) + "]".repeat(5000) + "}",
            good.replace("2026-11-22T10:15:31.123456Z", "yesterday"),
            good.replace("2026-11-22T10:15:31.123456Z", "2026-11-22T10:15:31.123456789Z"),
            "\u0000\u0001\u0002");
    List<String> all = new ArrayList<>(hostile);
    all.addAll(lines);

    Report report = AuditVerifier.verify(text(all));

    assertThat(report.problems()).hasSize(hostile.size());
    assertThat(report.problems()).allMatch(p -> p.kind() == ProblemKind.MALFORMED);
    assertThat(report.problems()).extracting(Problem::line).doesNotHaveDuplicates();
    assertThat(report.entriesPerChain()).containsEntry(0, 4L);
  }

  @Test
  void verify_oversizedLine_isReportedAndSkipped() {
    List<String> lines = new ArrayList<>(export());
    lines.add(3, "x".repeat(AuditVerifier.MAX_LINE_CHARS + 10));

    Report report = AuditVerifier.verify(text(lines));

    assertThat(kinds(report)).containsExactly(ProblemKind.OVERSIZED);
    assertThat(report.problems().getFirst().line()).isEqualTo(4);
    assertThat(report.entriesPerChain()).containsEntry(0, 4L);
  }

  @Test
  void verify_blankLinesAndCrLf_areTolerated() {
    String crlf = String.join("\r\n", export()) + "\r\n\r\n";

    assertThat(AuditVerifier.verify(new StringReader(crlf)).ok()).isTrue();
  }

  @Test
  void verify_emptyInput_isOkWithNoChains() {
    assertThat(AuditVerifier.verify(new StringReader("")).entriesPerChain()).isEmpty();
  }

  private static String hashOf(String line) {
    int start = line.lastIndexOf("\"hash\":\"") + 8;
    return line.substring(start, start + 64);
  }
}
