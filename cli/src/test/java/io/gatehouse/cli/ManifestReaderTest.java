package io.gatehouse.cli;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class ManifestReaderTest {
  @TempDir Path dir;

  private static List<ManifestDocument> readStdin(String text) {
    List<ManifestDocument> documents = new ArrayList<>();
    new ManifestReader()
        .readStdin(new ByteArrayInputStream(text.getBytes(StandardCharsets.UTF_8)), documents::add);
    return documents;
  }

  @Test
  void readStdin_aliasOfAnImage_resolvesToTheAnchoredValueAsKubernetesDoes() {
    // Read without alias resolution, the image would be the anchor's name: nginx, a trusted image.
    List<ManifestDocument> documents =
        readStdin(
            """
            kind: Pod
            metadata: {name: p, annotations: {x: &nginx "evil.example.org/x:1"}}
            spec:
              containers: [{name: c, image: *nginx}]
            """);

    assertThat(documents.getFirst().object().at("/spec/containers/0/image").asText())
        .isEqualTo("evil.example.org/x:1");
  }

  @Test
  void readStdin_mergeKeys_areApplied() {
    List<ManifestDocument> documents =
        readStdin(
            """
            base: &base {name: c, image: "evil.example.org/x:1"}
            kind: Pod
            metadata: {name: p}
            spec:
              containers:
                - <<: *base
                  name: app
            """);

    assertThat(documents.getFirst().object().at("/spec/containers/0/image").asText())
        .isEqualTo("evil.example.org/x:1");
    assertThat(documents.getFirst().object().at("/spec/containers/0/name").asText())
        .isEqualTo("app");
  }

  @Test
  void readStdin_manyAliasesOfCollections_areRefused() {
    StringBuilder yaml = new StringBuilder("a: &a [x]\nb: [");
    yaml.append("*a, ".repeat(ManifestReader.MAX_ALIASES)).append("*a]\n");

    assertThatThrownBy(() -> readStdin(yaml.toString()))
        .isInstanceOf(ManifestException.class)
        .hasMessageStartingWith("<stdin>:1: not valid YAML: ")
        .hasMessageContaining("aliases");
  }

  @Test
  void readStdin_fewAliasesThatExpandExponentially_hitTheExpansionBudget() {
    StringBuilder yaml = new StringBuilder("l0: &l0 [x, x]\n");
    for (int i = 1; i <= 24; i++) {
      yaml.append("l%d: &l%d [*l%d, *l%d]\n".formatted(i, i, i - 1, i - 1));
    }
    long start = System.nanoTime();

    assertThatThrownBy(() -> readStdin(yaml.toString()))
        .isInstanceOf(ManifestException.class)
        .hasMessage(
            "<stdin>:1: YAML aliases expand to too many values (more than the input could"
                + " hold)");
    assertThat((System.nanoTime() - start) / 1_000_000).isLessThan(5_000);
  }

  @Test
  void readStdin_recursiveAlias_isRefused() {
    assertThatThrownBy(() -> readStdin("a: &a [x, *a]\n"))
        .isInstanceOf(ManifestException.class)
        .hasMessageStartingWith("<stdin>:1: ");
  }

  @Test
  void readStdin_deepNesting_isRefused() {
    String deep = "[".repeat(200) + "]".repeat(200);

    assertThatThrownBy(() -> readStdin("a: " + deep))
        .isInstanceOf(ManifestException.class)
        .hasMessageContaining("not valid YAML");
    assertThatThrownBy(() -> readStdin("{\"a\": " + deep + "}"))
        .isInstanceOf(ManifestException.class)
        .hasMessageContaining("not valid JSON");
  }

  @Test
  void readStdin_javaTypeTag_isRefused() {
    assertThatThrownBy(() -> readStdin("a: !!javax.script.ScriptEngineManager [x]\n"))
        .isInstanceOf(ManifestException.class)
        .hasMessageStartingWith("<stdin>:1: not valid YAML: ");
  }

  @Test
  void readStdin_jsonStream_isReadAsDocuments() {
    List<ManifestDocument> documents =
        readStdin("{\"kind\":\"Pod\"}\n{\"kind\":\"List\",\"items\":[{\"kind\":\"Job\"}]}");

    assertThat(documents)
        .extracting(ManifestDocument::location)
        .containsExactly("<stdin>:1", "<stdin>:2:items[0]");
    assertThat(documents).extracting(ManifestDocument::kind).containsExactly("Pod", "Job");
  }

  @Test
  void readStdin_byteOrderMarkAndEmptyDocuments_areIgnored() {
    List<ManifestDocument> documents = readStdin("\uFEFF---\n---\nkind: Pod\n---\n");

    assertThat(documents).extracting(ManifestDocument::location).containsExactly("<stdin>:2");
  }

  @Test
  void read_tooManyDocuments_isRefused() throws IOException {
    Path file = dir.resolve("many.yaml");
    Files.writeString(file, "kind: ConfigMap\n---\n".repeat(ManifestReader.MAX_DOCUMENTS + 1));
    ManifestReader reader = new ManifestReader();

    assertThatThrownBy(() -> reader.read(file, document -> {}))
        .isInstanceOf(ManifestException.class)
        .hasMessage(file + ":10001: more than 10000 objects in the input");
  }

  @Test
  void files_directory_listsManifestFilesSorted() throws IOException {
    Files.createDirectories(dir.resolve("b"));
    Files.writeString(dir.resolve("b/x.YAML"), "");
    Files.writeString(dir.resolve("a.json"), "");
    Files.writeString(dir.resolve("notes.txt"), "");

    assertThat(ManifestReader.files(dir))
        .containsExactly(dir.resolve("a.json"), dir.resolve("b/x.YAML"));
  }
}
