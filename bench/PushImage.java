import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.util.HexFormat;

/**
 * Pushes a small one-layer OCI image to a plain-HTTP registry through the distribution API and
 * prints its manifest digest: {@code java bench/PushImage.java 127.0.0.1:5000 bench/app v1}.
 */
public final class PushImage {
  public static void main(String[] args) throws Exception {
    String registry = args[0];
    String repository = args[1];
    String tag = args[2];
    HttpClient http = HttpClient.newHttpClient();
    byte[] layer = ("layer of " + repository + ":" + tag).getBytes(StandardCharsets.UTF_8);
    byte[] config = "{\"architecture\":\"amd64\",\"os\":\"linux\"}".getBytes(StandardCharsets.UTF_8);
    String layerDigest = pushBlob(http, registry, repository, layer);
    String configDigest = pushBlob(http, registry, repository, config);
    String manifest =
        "{\"schemaVersion\":2,\"mediaType\":\"application/vnd.oci.image.manifest.v1+json\","
            + "\"config\":{\"mediaType\":\"application/vnd.oci.image.config.v1+json\",\"digest\":\""
            + configDigest + "\",\"size\":" + config.length + "},"
            + "\"layers\":[{\"mediaType\":\"application/vnd.oci.image.layer.v1.tar\",\"digest\":\""
            + layerDigest + "\",\"size\":" + layer.length + "}]}";
    HttpResponse<String> put =
        http.send(
            HttpRequest.newBuilder(URI.create("http://" + registry + "/v2/" + repository + "/manifests/" + tag))
                .header("Content-Type", "application/vnd.oci.image.manifest.v1+json")
                .PUT(HttpRequest.BodyPublishers.ofString(manifest))
                .build(),
            HttpResponse.BodyHandlers.ofString());
    if (put.statusCode() != 201) {
      throw new IllegalStateException("manifest push failed: " + put.statusCode() + " " + put.body());
    }
    System.out.println(put.headers().firstValue("Docker-Content-Digest").orElseThrow());
  }

  private static String pushBlob(HttpClient http, String registry, String repository, byte[] blob) throws Exception {
    String digest = "sha256:" + HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(blob));
    HttpResponse<String> start =
        http.send(
            HttpRequest.newBuilder(URI.create("http://" + registry + "/v2/" + repository + "/blobs/uploads/"))
                .POST(HttpRequest.BodyPublishers.noBody())
                .build(),
            HttpResponse.BodyHandlers.ofString());
    String location = start.headers().firstValue("Location").orElseThrow();
    URI upload = URI.create("http://" + registry).resolve(location);
    String separator = upload.getRawQuery() == null ? "?" : "&";
    HttpResponse<String> put =
        http.send(
            HttpRequest.newBuilder(URI.create(upload + separator + "digest=" + digest))
                .header("Content-Type", "application/octet-stream")
                .PUT(HttpRequest.BodyPublishers.ofByteArray(blob))
                .build(),
            HttpResponse.BodyHandlers.ofString());
    if (put.statusCode() != 201) {
      throw new IllegalStateException("blob push failed: " + put.statusCode() + " " + put.body());
    }
    return digest;
  }
}
