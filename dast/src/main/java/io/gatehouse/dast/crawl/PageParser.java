package io.gatehouse.dast.crawl;

import java.net.URI;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.jsoup.Jsoup;
import org.jsoup.nodes.Document;
import org.jsoup.nodes.Element;

/** Finds the links and forms of an HTML page. */
final class PageParser {
  private static final int MAX_LINKS = 2_000;
  private static final int MAX_FORMS = 100;
  private static final int MAX_FIELDS = 100;
  private static final Pattern REFRESH_URL = Pattern.compile("(?i)url\\s*=\\s*['\"]?([^'\";]+)");

  /** What one page leads to. */
  record Page(List<URI> links, List<Endpoint> forms) {}

  private PageParser() {}

  static Page parse(URI pageUri, String html) {
    Document document = Jsoup.parse(html, pageUri.toString());
    URI base = baseOf(document, pageUri);
    return new Page(links(document, base), forms(document, base, pageUri));
  }

  private static URI baseOf(Document document, URI pageUri) {
    Element baseElement = document.selectFirst("base[href]");
    if (baseElement == null) {
      return pageUri;
    }
    return Urls.resolve(pageUri, baseElement.attr("href")).orElse(pageUri);
  }

  private static List<URI> links(Document document, URI base) {
    Set<URI> links = new HashSet<>();
    List<URI> ordered = new ArrayList<>();
    for (Element element :
        document.select("a[href], area[href], link[href], iframe[src], frame[src]")) {
      String link = element.hasAttr("href") ? element.attr("href") : element.attr("src");
      addLink(base, link, links, ordered);
      if (ordered.size() >= MAX_LINKS) {
        return ordered;
      }
    }
    for (Element meta : document.select("meta[http-equiv]")) {
      if (meta.attr("http-equiv").equalsIgnoreCase("refresh")) {
        Matcher matcher = REFRESH_URL.matcher(meta.attr("content"));
        if (matcher.find()) {
          addLink(base, matcher.group(1), links, ordered);
        }
      }
    }
    return ordered;
  }

  private static void addLink(URI base, String link, Set<URI> seen, List<URI> ordered) {
    Optional<URI> resolved = Urls.resolve(base, link);
    if (resolved.isPresent() && seen.add(resolved.get())) {
      ordered.add(resolved.get());
    }
  }

  private static List<Endpoint> forms(Document document, URI base, URI pageUri) {
    List<Endpoint> forms = new ArrayList<>();
    for (Element form : document.select("form")) {
      form(form, base, pageUri).ifPresent(forms::add);
      if (forms.size() >= MAX_FORMS) {
        break;
      }
    }
    return forms;
  }

  private static Optional<Endpoint> form(Element form, URI base, URI pageUri) {
    String action = form.attr("action");
    Optional<URI> target = action.isBlank() ? Optional.of(pageUri) : Urls.resolve(base, action);
    if (target.isEmpty()) {
      return Optional.empty();
    }
    String method = form.attr("method").strip().toUpperCase(Locale.ROOT);
    method = method.equals("POST") ? "POST" : "GET";
    boolean multipart = form.attr("enctype").toLowerCase(Locale.ROOT).startsWith("multipart/");
    Parameter.Location location =
        method.equals("GET")
            ? Parameter.Location.QUERY
            : multipart ? Parameter.Location.MULTIPART : Parameter.Location.FORM;
    List<Parameter> parameters = new ArrayList<>();
    if (method.equals("POST")) {
      parameters.addAll(Urls.queryParameters(target.get()));
    }
    parameters.addAll(FormFields.of(form, location, MAX_FIELDS));
    return Optional.of(new Endpoint(method, Urls.withoutQuery(target.get()), parameters));
  }
}
