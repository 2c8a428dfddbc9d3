package io.gatehouse.cli;

import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonLocation;
import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.StreamReadConstraints;
import com.fasterxml.jackson.core.StreamReadFeature;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.MappingIterator;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.math.BigInteger;
import java.nio.ByteBuffer;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Base64;
import java.util.Collection;
import java.util.Date;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.function.Consumer;
import java.util.stream.Stream;
import org.yaml.snakeyaml.DumperOptions;
import org.yaml.snakeyaml.LoaderOptions;
import org.yaml.snakeyaml.Yaml;
import org.yaml.snakeyaml.constructor.SafeConstructor;
import org.yaml.snakeyaml.error.Mark;
import org.yaml.snakeyaml.error.MarkedYAMLException;
import org.yaml.snakeyaml.error.YAMLException;
import org.yaml.snakeyaml.representer.Representer;

/**
 * Reads Kubernetes manifests as {@code kubectl apply -f} does: YAML streams of documents separated
 * by {@code ---}, JSON, and {@code kind: List} documents whose {@code items} are objects of their
 * own.
 *
 * <p>Everything read is bounded, because manifests come from anyone who can open a pull request:
 * each file or standard input is at most {@value #MAX_SOURCE_BYTES} bytes of UTF-8; at most {@value
 * #MAX_DOCUMENTS} objects and {@value #MAX_FILES} files are read in all; nesting is at most {@value
 * #MAX_NESTING} deep. YAML anchors, aliases and merge keys are resolved as Kubernetes resolves
 * them, but at most {@value #MAX_ALIASES} aliases of collections are allowed per stream, and
 * aliases may expand what was read by at most {@value #MAX_EXPANDED_NODES} values in all, so an
 * alias bomb ("billion laughs") fails quickly. Only plain YAML types are constructed; a tag naming
 * a Java class is an error.
 */
final class ManifestReader {
  static final int MAX_SOURCE_BYTES = 16 << 20;
  static final int MAX_DOCUMENTS = 10_000;
  static final int MAX_FILES = 10_000;
  static final int MAX_NESTING = 64;
  static final int MAX_ALIASES = 50;
  static final int MAX_EXPANDED_NODES = 1_000_000;
  static final String STDIN = "<stdin>";

  private static final JsonNodeFactory NODES = JsonNodeFactory.instance;
  private static final List<String> EXTENSIONS = List.of(".yaml", ".yml", ".json");
  private static final ObjectMapper JSON =
      new ObjectMapper(
          JsonFactory.builder()
              .enable(StreamReadFeature.STRICT_DUPLICATE_DETECTION)
              .streamReadConstraints(
                  StreamReadConstraints.builder()
                      .maxNestingDepth(MAX_NESTING)
                      .maxStringLength(MAX_SOURCE_BYTES)
                      .maxDocumentLength(MAX_SOURCE_BYTES)
                      .build())
              .build());

  private int documents;
  private int files;

  /**
   * How many more values YAML may expand to. Without aliases a value takes at least one byte of
   * input, so each byte read adds one; aliases may add {@value #MAX_EXPANDED_NODES} more in all.
   */
  private long expansionBudget = MAX_EXPANDED_NODES;

  /**
   * The files a command-line argument names: the file itself, or every {@code .yaml}, {@code .yml}
   * and {@code .json} file under a directory, recursively, in path order. Symbolic links inside a
   * directory are not followed.
   *
   * @throws ManifestException when the path does not exist or cannot be listed
   */
  static List<Path> files(Path path) {
    if (!Files.exists(path)) {
      throw new ManifestException(path.toString(), "no such file or directory");
    }
    if (!Files.isDirectory(path)) {
      return List.of(path);
    }
    List<Path> found;
    try (Stream<Path> walk = Files.walk(path)) {
      found =
          walk.filter(Files::isRegularFile)
              .filter(ManifestReader::isManifestName)
              .limit(MAX_FILES + 1L)
              .sorted()
              .toList();
    } catch (IOException | UncheckedIOException e) {
      throw new ManifestException(path.toString(), "cannot list the directory: " + e.getMessage());
    }
    if (found.size() > MAX_FILES) {
      throw new ManifestException(path.toString(), "more than " + MAX_FILES + " manifest files");
    }
    return found;
  }

  private static boolean isManifestName(Path file) {
    String name = file.getFileName().toString().toLowerCase(Locale.ROOT);
    return EXTENSIONS.stream().anyMatch(name::endsWith);
  }

  /** Reads a file; JSON when its name ends in {@code .json}, YAML otherwise. */
  void read(Path file, Consumer<ManifestDocument> into) {
    String source = file.toString();
    if (++files > MAX_FILES) {
      throw new ManifestException(source, "more than " + MAX_FILES + " files to read");
    }
    byte[] bytes;
    try (InputStream in = Files.newInputStream(file)) {
      bytes = bounded(source, in);
    } catch (NoSuchFileException e) {
      throw new ManifestException(source, "no such file", e);
    } catch (IOException e) {
      throw new ManifestException(source, "cannot read: " + e.getMessage(), e);
    }
    boolean json = source.toLowerCase(Locale.ROOT).endsWith(".json");
    parse(source, text(source, bytes), json, into);
  }

  /** Reads standard input: JSON when it starts with a brace or a bracket, YAML otherwise. */
  void readStdin(InputStream in, Consumer<ManifestDocument> into) {
    byte[] bytes;
    try {
      bytes = bounded(STDIN, in);
    } catch (IOException e) {
      throw new ManifestException(STDIN, "cannot read: " + e.getMessage(), e);
    }
    String text = text(STDIN, bytes);
    String start = text.stripLeading();
    parse(STDIN, text, start.startsWith("{") || start.startsWith("["), into);
  }

  private byte[] bounded(String source, InputStream in) throws IOException {
    byte[] bytes = in.readNBytes(MAX_SOURCE_BYTES + 1);
    if (bytes.length > MAX_SOURCE_BYTES) {
      throw new ManifestException(
          source, "larger than " + (MAX_SOURCE_BYTES >> 20) + " MiB; split the input");
    }
    expansionBudget += bytes.length;
    return bytes;
  }

  private static String text(String source, byte[] bytes) {
    try {
      String text =
          StandardCharsets.UTF_8
              .newDecoder()
              .onMalformedInput(CodingErrorAction.REPORT)
              .onUnmappableCharacter(CodingErrorAction.REPORT)
              .decode(ByteBuffer.wrap(bytes))
              .toString();
      return text.startsWith("\uFEFF") ? text.substring(1) : text;
    } catch (CharacterCodingException e) {
      throw new ManifestException(source, "not UTF-8 text", e);
    }
  }

  private void parse(String source, String text, boolean json, Consumer<ManifestDocument> into) {
    if (json) {
      parseJson(source, text, into);
    } else {
      parseYaml(source, text, into);
    }
  }

  private void parseYaml(String source, String text, Consumer<ManifestDocument> into) {
    int document = 0;
    try {
      for (Object value : yaml().loadAll(text)) {
        document++;
        if (value != null) {
          JsonNode node = new Converter(source + ":" + document).convert(value);
          emit(source, document, "", node, into);
        }
      }
    } catch (MarkedYAMLException e) {
      throw new ManifestException(
          source + ":" + (document + 1), "not valid YAML: " + describe(e), e);
    } catch (YAMLException e) {
      throw new ManifestException(
          source + ":" + (document + 1), "not valid YAML: " + firstLine(e.getMessage()), e);
    }
  }

  private void parseJson(String source, String text, Consumer<ManifestDocument> into) {
    int document = 0;
    try (JsonParser parser = JSON.createParser(text);
        MappingIterator<JsonNode> values = JSON.readValues(parser, JsonNode.class)) {
      while (values.hasNextValue()) {
        JsonNode value = values.nextValue();
        document++;
        emit(source, document, "", value, into);
      }
    } catch (JsonProcessingException e) {
      throw new ManifestException(
          source + ":" + (document + 1), "not valid JSON: " + describe(e), e);
    } catch (IOException e) {
      throw new ManifestException(source, "cannot read: " + e.getMessage(), e);
    }
  }

  /** Hands over one object, or each item of a {@code kind: List} (or {@code FooList}). */
  private void emit(
      String source, int document, String item, JsonNode node, Consumer<ManifestDocument> into) {
    if (++documents > MAX_DOCUMENTS) {
      throw new ManifestException(
          source + ":" + document, "more than " + MAX_DOCUMENTS + " objects in the input");
    }
    ManifestDocument manifest = new ManifestDocument(source, document, item, node);
    JsonNode items = node.path("items");
    if (manifest.kind().endsWith("List") && items.isArray()) {
      String prefix = item.isEmpty() ? "" : item + ".";
      for (int i = 0; i < items.size(); i++) {
        emit(source, document, prefix + "items[" + i + "]", items.get(i), into);
      }
      return;
    }
    into.accept(manifest);
  }

  private static Yaml yaml() {
    LoaderOptions options = new LoaderOptions();
    options.setMaxAliasesForCollections(MAX_ALIASES);
    options.setNestingDepthLimit(MAX_NESTING);
    options.setCodePointLimit(MAX_SOURCE_BYTES);
    options.setAllowDuplicateKeys(false);
    options.setAllowRecursiveKeys(false);
    DumperOptions dumper = new DumperOptions();
    return new Yaml(new SafeConstructor(options), new Representer(dumper), dumper, options);
  }

  private static String describe(MarkedYAMLException e) {
    Mark mark = e.getProblemMark();
    String problem = e.getProblem() == null ? firstLine(e.getMessage()) : e.getProblem();
    if (mark == null) {
      return firstLine(problem);
    }
    return firstLine(problem)
        + " (line "
        + (mark.getLine() + 1)
        + ", column "
        + (mark.getColumn() + 1)
        + ")";
  }

  private static String describe(JsonProcessingException e) {
    String message = firstLine(String.valueOf(e.getOriginalMessage()));
    JsonLocation at = e.getLocation();
    if (at == null) {
      return message;
    }
    return message + " (line " + at.getLineNr() + ", column " + at.getColumnNr() + ")";
  }

  private static String firstLine(String message) {
    String text = String.valueOf(message);
    int newline = text.indexOf('\n');
    return newline < 0 ? text : text.substring(0, newline);
  }

  /**
   * Turns what SnakeYAML constructed into a JSON tree, counting values: an alias is a shared Java
   * object, and expanding it is where an alias bomb would explode.
   */
  private final class Converter {
    private final String location;

    Converter(String location) {
      this.location = location;
    }

    JsonNode convert(Object value) {
      return convert(value, 0);
    }

    private JsonNode convert(Object value, int depth) {
      if (--expansionBudget < 0) {
        throw new ManifestException(
            location, "YAML aliases expand to too many values (more than the input could hold)");
      }
      if (depth > MAX_NESTING) {
        throw new ManifestException(
            location, "nested more than " + MAX_NESTING + " levels (a recursive YAML alias?)");
      }
      return switch (value) {
        case null -> NODES.nullNode();
        case Map<?, ?> map -> object(map, depth);
        case Collection<?> list -> array(list, depth);
        case String text -> NODES.textNode(text);
        case Boolean bool -> NODES.booleanNode(bool);
        case Integer number -> NODES.numberNode(number);
        case Long number -> NODES.numberNode(number);
        case BigInteger number -> NODES.numberNode(number);
        case Double number -> NODES.numberNode(number);
        case byte[] bytes -> NODES.textNode(Base64.getEncoder().encodeToString(bytes));
        case Date date -> NODES.textNode(date.toInstant().toString());
        default -> NODES.textNode(String.valueOf(value));
      };
    }

    private ObjectNode object(Map<?, ?> map, int depth) {
      ObjectNode object = NODES.objectNode();
      for (Map.Entry<?, ?> entry : map.entrySet()) {
        object.set(String.valueOf(entry.getKey()), convert(entry.getValue(), depth + 1));
      }
      return object;
    }

    private ArrayNode array(Collection<?> list, int depth) {
      ArrayNode array = NODES.arrayNode(list.size());
      List<JsonNode> converted = new ArrayList<>(list.size());
      for (Object element : list) {
        converted.add(convert(element, depth + 1));
      }
      array.addAll(converted);
      return array;
    }
  }
}
