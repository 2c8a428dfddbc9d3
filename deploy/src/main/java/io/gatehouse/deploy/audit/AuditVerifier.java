package io.gatehouse.deploy.audit;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.StreamReadConstraints;
import com.fasterxml.jackson.core.StreamReadFeature;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.json.JsonMapper;
import java.io.IOException;
import java.io.Reader;
import java.util.ArrayList;
import java.util.Collections;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.OptionalInt;
import java.util.OptionalLong;
import java.util.TreeMap;

/**
 * Checks an audit export offline: recomputes every entry's hash, and per chain checks that seq
 * counts from 1 without gaps, that each prevHash is the hash of the entry before, and optionally
 * that the export reaches an anchor (the heads saved from an earlier verification or from {@code
 * GET /api/v1/audit/heads}). Bad data never throws: each problem, malformed lines included, is
 * reported with its line number, chain and seq where known. docs/audit.md says what is detected.
 */
public final class AuditVerifier {
  /** The longest line read; longer ones are reported and skipped. */
  public static final int MAX_LINE_CHARS = 1 << 20;

  /** The most problems a report lists; {@link Report#problemCount()} counts them all. */
  public static final int MAX_PROBLEMS = 10_000;

  private static final ObjectMapper STRICT = strictMapper();

  /** What is wrong. */
  public enum ProblemKind {
    /** The line is not an entry: bad JSON, a missing or unknown field, a wrong type. */
    MALFORMED,
    /** The line is longer than {@link #MAX_LINE_CHARS}. */
    OVERSIZED,
    /** The stored hash is not the hash of the entry's fields: the entry was edited. */
    HASH_MISMATCH,
    /** Entries are missing before this one: removed, or the export starts late. */
    GAP,
    /** prevHash is not the hash of the entry before: an entry was replaced or removed. */
    BROKEN_LINK,
    /** A seq lower than one already seen in the chain: entries were reordered. */
    OUT_OF_ORDER,
    /** The seq appears a second time in the chain. */
    DUPLICATE,
    /** The export ends before the anchor's newest entry of a chain: the tail was cut. */
    TRUNCATED,
    /** The entry at the anchor's seq has another hash: the history was rewritten. */
    ANCHOR_MISMATCH,
    /** The anchor itself cannot be read. */
    BAD_ANCHOR,
    /** The export could not be read to its end. */
    READ_ERROR
  }

  /**
   * One problem.
   *
   * @param kind what is wrong
   * @param line the line number in the export, from 1; 0 for the anchor or the end
   * @param chain the chain, if known
   * @param seq the seq, if known
   * @param detail a sentence saying what was expected
   */
  public record Problem(
      ProblemKind kind, long line, OptionalInt chain, OptionalLong seq, String detail) {
    @Override
    public String toString() {
      StringBuilder text = new StringBuilder(kind.name().toLowerCase(java.util.Locale.ROOT));
      if (line > 0) {
        text.append(" at line ").append(line);
      }
      chain.ifPresent(c -> text.append(", chain ").append(c));
      seq.ifPresent(s -> text.append(", seq ").append(s));
      return text.append(": ").append(detail).toString();
    }
  }

  /**
   * The outcome.
   *
   * @param ok whether no problem was found
   * @param entriesPerChain how many entries were checked, by chain
   * @param heads the newest entry seen of each chain, fit to save as the next anchor
   * @param problems the problems, at most {@link #MAX_PROBLEMS}, in the order found
   * @param problemCount how many problems were found in all
   */
  public record Report(
      boolean ok,
      Map<Integer, Long> entriesPerChain,
      List<AuditHead> heads,
      List<Problem> problems,
      long problemCount) {
    /** The heads as anchor JSON, {@code {"chains":[{"chain","seq","hash"}]}}. */
    public String anchorJson() {
      try {
        return STRICT.writeValueAsString(Map.of("chains", heads));
      } catch (JsonProcessingException e) {
        throw new IllegalStateException("cannot write heads as JSON", e);
      }
    }
  }

  private final boolean complete;
  private final Map<Integer, ChainState> chains = new TreeMap<>();
  private final Map<Integer, AuditHead> anchor = new HashMap<>();
  private final Map<Integer, String> anchoredSeen = new HashMap<>();
  private final List<Problem> problems = new ArrayList<>();
  private long problemCount;

  private AuditVerifier(boolean complete) {
    this.complete = complete;
  }

  /** Verifies a complete export: every chain must start at seq 1. */
  public static Report verify(Reader export) {
    return new AuditVerifier(true).run(export);
  }

  /**
   * Verifies a complete export against an anchor: besides {@link #verify(Reader)}, every chain must
   * reach the anchor's seq with the anchor's hash, so that a cut tail or a rewritten history shows.
   */
  public static Report verify(Reader export, Reader anchor) {
    AuditVerifier verifier = new AuditVerifier(true);
    verifier.readAnchor(anchor);
    return verifier.run(export);
  }

  /**
   * Verifies an excerpt, such as an export filtered by project or time: hashes are checked, and
   * links only between entries with consecutive seqs; gaps are expected and not reported.
   */
  public static Report verifyExcerpt(Reader export) {
    return new AuditVerifier(false).run(export);
  }

  private Report run(Reader export) {
    LineReader lines = new LineReader(export, MAX_LINE_CHARS);
    try {
      for (LineReader.Line line = lines.next(); line != null; line = lines.next()) {
        if (line.oversized()) {
          problem(ProblemKind.OVERSIZED, line.number(), null, "longer than " + MAX_LINE_CHARS);
        } else if (!line.text().isBlank()) {
          check(line.number(), line.text());
        }
      }
    } catch (IOException e) {
      problem(ProblemKind.READ_ERROR, lines.number(), null, "cannot read: " + e.getMessage());
    }
    checkAnchor();
    return report();
  }

  private void check(long number, String text) {
    AuditEntry entry;
    try {
      entry = EntryParser.parse(STRICT.readTree(text));
    } catch (JsonProcessingException e) {
      problem(ProblemKind.MALFORMED, number, null, "not JSON: " + e.getOriginalMessage());
      return;
    } catch (EntryParser.BadEntryException e) {
      problem(ProblemKind.MALFORMED, number, null, e.getMessage());
      return;
    }
    if (!entry.hashMatches()) {
      problem(ProblemKind.HASH_MISMATCH, number, entry, "the hash does not match the fields");
    }
    link(number, entry);
  }

  private void link(long number, AuditEntry entry) {
    ChainState state = chains.get(entry.chain());
    if (state == null) {
      first(number, entry);
    } else if (entry.seq() == state.seq + 1) {
      if (!entry.prevHash().equals(state.hash)) {
        problem(
            ProblemKind.BROKEN_LINK,
            number,
            entry,
            "prevHash is not the hash of seq " + state.seq + " (line " + state.line + ")");
      }
    } else if (entry.seq() == state.seq) {
      problem(ProblemKind.DUPLICATE, number, entry, "seq already seen at line " + state.line);
      state.count++;
      return;
    } else if (entry.seq() < state.seq) {
      problem(ProblemKind.OUT_OF_ORDER, number, entry, "after seq " + state.seq);
      state.count++;
      return;
    } else if (complete) {
      problem(ProblemKind.GAP, number, entry, missing(state.seq + 1, entry.seq() - 1));
    }
    record(number, entry);
  }

  private void first(long number, AuditEntry entry) {
    if (!complete) {
      return;
    }
    if (entry.seq() > 1) {
      problem(ProblemKind.GAP, number, entry, missing(1, entry.seq() - 1));
    } else if (!entry.prevHash().equals(AuditHash.GENESIS)) {
      problem(ProblemKind.BROKEN_LINK, number, entry, "the first entry's prevHash is not zeros");
    }
  }

  private void record(long number, AuditEntry entry) {
    ChainState state = chains.computeIfAbsent(entry.chain(), c -> new ChainState());
    state.seq = entry.seq();
    state.hash = entry.hash();
    state.line = number;
    state.count++;
    AuditHead anchored = anchor.get(entry.chain());
    if (anchored != null && anchored.seq() == entry.seq()) {
      anchoredSeen.put(entry.chain(), entry.hash());
    }
  }

  private static String missing(long from, long to) {
    return from == to
        ? "seq " + from + " is missing"
        : "seqs " + from + " to " + to + " are missing";
  }

  private void readAnchor(Reader source) {
    try {
      LineReader reader = new LineReader(source, MAX_LINE_CHARS);
      StringBuilder text = new StringBuilder();
      for (LineReader.Line line = reader.next(); line != null; line = reader.next()) {
        if (line.oversized()) {
          problem(ProblemKind.BAD_ANCHOR, 0, null, "the anchor is too large");
          return;
        }
        text.append(line.text()).append('\n');
      }
      for (AuditHead head : EntryParser.heads(STRICT.readTree(text.toString()))) {
        if (anchor.put(head.chain(), head) != null) {
          problem(ProblemKind.BAD_ANCHOR, 0, null, "chain " + head.chain() + " appears twice");
        }
      }
    } catch (IOException | EntryParser.BadEntryException e) {
      anchor.clear();
      problem(ProblemKind.BAD_ANCHOR, 0, null, "cannot read the anchor: " + e.getMessage());
    }
  }

  private void checkAnchor() {
    for (AuditHead head : new TreeMap<>(anchor).values()) {
      if (head.seq() == 0) {
        continue;
      }
      String seen = anchoredSeen.get(head.chain());
      ChainState state = chains.get(head.chain());
      long last = state == null ? 0 : state.seq;
      if (seen == null && last < head.seq()) {
        problem(
            ProblemKind.TRUNCATED,
            0,
            head.chain(),
            head.seq(),
            "the export ends at seq " + last + " but the anchor reaches seq " + head.seq());
      } else if (seen == null || !seen.equals(head.hash())) {
        problem(
            ProblemKind.ANCHOR_MISMATCH,
            0,
            head.chain(),
            head.seq(),
            "the entry at the anchor's seq does not have the anchor's hash");
      }
    }
  }

  private Report report() {
    Map<Integer, Long> counts = new LinkedHashMap<>();
    List<AuditHead> heads = new ArrayList<>();
    chains.forEach(
        (chain, state) -> {
          counts.put(chain, state.count);
          heads.add(new AuditHead(chain, state.seq, state.hash));
        });
    return new Report(
        problemCount == 0,
        Collections.unmodifiableMap(counts),
        List.copyOf(heads),
        List.copyOf(problems),
        problemCount);
  }

  private void problem(ProblemKind kind, long line, AuditEntry entry, String detail) {
    if (entry == null) {
      add(new Problem(kind, line, OptionalInt.empty(), OptionalLong.empty(), detail));
    } else {
      problem(kind, line, entry.chain(), entry.seq(), detail);
    }
  }

  private void problem(ProblemKind kind, long line, int chain, long seq, String detail) {
    add(new Problem(kind, line, OptionalInt.of(chain), OptionalLong.of(seq), detail));
  }

  private void add(Problem problem) {
    problemCount++;
    if (problems.size() < MAX_PROBLEMS) {
      problems.add(problem);
    }
  }

  private static ObjectMapper strictMapper() {
    JsonMapper mapper =
        JsonMapper.builder()
            .enable(DeserializationFeature.FAIL_ON_TRAILING_TOKENS)
            .enable(DeserializationFeature.FAIL_ON_READING_DUP_TREE_KEY)
            .enable(StreamReadFeature.STRICT_DUPLICATE_DETECTION)
            .build();
    mapper
        .getFactory()
        .setStreamReadConstraints(
            StreamReadConstraints.builder()
                .maxNestingDepth(4)
                .maxStringLength(MAX_LINE_CHARS)
                .maxNumberLength(40)
                .build());
    return mapper;
  }

  private static final class ChainState {
    long seq;
    String hash = AuditHash.GENESIS;
    long line;
    long count;
  }
}
