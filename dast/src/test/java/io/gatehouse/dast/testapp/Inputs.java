package io.gatehouse.dast.testapp;

import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/** Reads the inputs of a request beyond query and url-encoded form: body, multipart, cookies. */
public final class Inputs {
  private static final Pattern BOUNDARY = Pattern.compile("boundary=\"?([^\";]{1,100})");
  private static final Pattern PART_NAME = Pattern.compile("name=\"([^\"]*)\"");

  private Inputs() {}

  /** The request body as UTF-8 text, at most 256 KiB. */
  public static String body(TestServer.Exchange e) throws IOException {
    try (InputStream in = e.http().getRequestBody()) {
      return new String(in.readNBytes(256 * 1024), StandardCharsets.UTF_8);
    }
  }

  /** The fields of a {@code multipart/form-data} body; empty for another content type. */
  public static Map<String, String> multipart(TestServer.Exchange e) throws IOException {
    Map<String, String> fields = new LinkedHashMap<>();
    String type = e.header("Content-Type");
    Matcher boundary = BOUNDARY.matcher(type);
    if (!type.startsWith("multipart/form-data") || !boundary.find()) {
      return fields;
    }
    String delimiter = "\r\n--" + boundary.group(1);
    String body = "\r\n" + body(e);
    for (String part : body.split(Pattern.quote(delimiter), 100)) {
      int headersEnd = part.indexOf("\r\n\r\n");
      if (headersEnd < 0) {
        continue;
      }
      Matcher name = PART_NAME.matcher(part.substring(0, headersEnd));
      if (name.find()) {
        fields.putIfAbsent(name.group(1), part.substring(headersEnd + 4));
      }
    }
    return fields;
  }

  /** A file part of a multipart body: its file name, content type and content. */
  public record FilePart(String fileName, String contentType, String content) {}

  private static final Pattern FILE_NAME = Pattern.compile("filename=\"([^\"]*)\"");
  private static final Pattern PART_TYPE = Pattern.compile("(?im)^Content-Type:[ \t]*([^\r\n]*)$");

  /** The file parts of a {@code multipart/form-data} body, by field name. */
  public static Map<String, FilePart> files(TestServer.Exchange e) throws IOException {
    Map<String, FilePart> files = new LinkedHashMap<>();
    String type = e.header("Content-Type");
    Matcher boundary = BOUNDARY.matcher(type);
    if (!type.startsWith("multipart/form-data") || !boundary.find()) {
      return files;
    }
    String delimiter = "\r\n--" + boundary.group(1);
    for (String part : ("\r\n" + body(e)).split(Pattern.quote(delimiter), 100)) {
      int headersEnd = part.indexOf("\r\n\r\n");
      if (headersEnd < 0) {
        continue;
      }
      String headers = part.substring(0, headersEnd);
      Matcher name = PART_NAME.matcher(headers);
      Matcher fileName = FILE_NAME.matcher(headers);
      Matcher partType = PART_TYPE.matcher(headers);
      if (name.find() && fileName.find()) {
        files.putIfAbsent(
            name.group(1),
            new FilePart(
                fileName.group(1),
                partType.find() ? partType.group(1) : "",
                part.substring(headersEnd + 4)));
      }
    }
    return files;
  }

  /** The cookies of a {@code Cookie} header, by name. */
  public static Map<String, String> cookies(String header) {
    Map<String, String> cookies = new LinkedHashMap<>();
    for (String pair : header.split(";", 50)) {
      int equals = pair.indexOf('=');
      if (equals > 0) {
        cookies.putIfAbsent(pair.substring(0, equals).strip(), pair.substring(equals + 1).strip());
      }
    }
    return cookies;
  }
}
