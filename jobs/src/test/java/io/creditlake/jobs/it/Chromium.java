package io.creditlake.jobs.it;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.net.http.WebSocket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * A real headless Chromium (Debian's {@code chromium}) driven over the DevTools protocol with the
 * JDK's own WebSocket client: navigate, evaluate script, read the page's errors and the fonts it
 * rendered with, take a screenshot. No driver or browser download; {@code $CHROMIUM} overrides
 * {@code /usr/bin/chromium}.
 */
final class Chromium implements AutoCloseable {

  static final Path BINARY = Path.of(System.getenv().getOrDefault("CHROMIUM", "/usr/bin/chromium"));
  private static final Pattern LISTENING = Pattern.compile("DevTools listening on (ws://\\S+)");
  private static final ObjectMapper JSON = new ObjectMapper();

  private final Process process;
  private final WebSocket ws;
  private final AtomicInteger ids = new AtomicInteger();
  private final Map<Integer, CompletableFuture<JsonNode>> pending = new ConcurrentHashMap<>();
  /** Every event the page sent (method and params), in order. */
  final List<JsonNode> events = new CopyOnWriteArrayList<>();
  private final StringBuilder stderr = new StringBuilder();

  /** Starts Chromium with a fresh profile under {@code dir} and attaches to its first tab. */
  Chromium(Path dir) throws Exception {
    Files.createDirectories(dir);
    process = new ProcessBuilder(BINARY.toString(), "--headless", "--no-sandbox", "--disable-gpu",
        "--disable-background-networking", "--disable-component-update", "--disable-sync", "--no-first-run",
        "--disable-quic", "--remote-debugging-port=0", "--user-data-dir=" + dir.resolve("profile"),
        "--window-size=1280,900", "about:blank")
        .redirectOutput(dir.resolve("chromium.out").toFile()).start();
    CompletableFuture<String> url = new CompletableFuture<>();
    Thread reader = new Thread(() -> {
      try (BufferedReader r = new BufferedReader(new InputStreamReader(process.getErrorStream(), StandardCharsets.UTF_8))) {
        String line;
        while ((line = r.readLine()) != null) {
          synchronized (stderr) {
            stderr.append(line).append('\n');
          }
          Matcher m = LISTENING.matcher(line);
          if (m.find()) {
            url.complete(m.group(1));
          }
        }
      } catch (IOException e) {
        url.completeExceptionally(e);
      }
      url.completeExceptionally(new IllegalStateException("chromium exited before listening:\n" + stderr()));
    }, "chromium-stderr");
    reader.setDaemon(true);
    reader.start();
    try {
      ws = attach(URI.create(url.get(60, TimeUnit.SECONDS)));
    } catch (Exception | Error e) {
      kill(); // a browser that never answered is not left running
      throw e;
    }
  }

  private WebSocket attach(URI browser) throws Exception {
    HttpClient http = HttpClient.newHttpClient();
    JsonNode targets = JSON.readTree(http.send(HttpRequest.newBuilder(
        URI.create("http://" + browser.getAuthority() + "/json/list")).build(), HttpResponse.BodyHandlers.ofString()).body());
    String page = null;
    for (JsonNode t : targets) {
      if (t.path("type").asText().equals("page")) {
        page = t.path("webSocketDebuggerUrl").asText();
        break;
      }
    }
    if (page == null) {
      throw new IllegalStateException("no page target in " + targets);
    }
    return http.newWebSocketBuilder().connectTimeout(Duration.ofSeconds(20)).buildAsync(URI.create(page), new Listener())
        .get(30, TimeUnit.SECONDS);
  }

  String stderr() {
    synchronized (stderr) {
      return stderr.toString();
    }
  }

  /** Sends a DevTools command and waits for its result; a protocol error is thrown. */
  JsonNode send(String method, Map<String, ?> params) throws Exception {
    int id = ids.incrementAndGet();
    CompletableFuture<JsonNode> f = new CompletableFuture<>();
    pending.put(id, f);
    ObjectNode msg = JSON.createObjectNode().put("id", id).put("method", method);
    msg.set("params", JSON.valueToTree(params));
    ws.sendText(JSON.writeValueAsString(msg), true).get(30, TimeUnit.SECONDS);
    JsonNode reply;
    try {
      reply = f.get(120, TimeUnit.SECONDS);
    } finally {
      pending.remove(id);
    }
    if (reply.has("error")) {
      throw new IllegalStateException(method + ": " + reply.get("error"));
    }
    return reply.path("result");
  }

  /** Opens the URL and waits for its load event. */
  void navigate(String url) throws Exception {
    int before = events.size();
    send("Page.navigate", Map.of("url", url));
    long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(60);
    while (System.nanoTime() < deadline) {
      for (int i = before; i < events.size(); i++) { // by index: the socket's thread appends meanwhile
        if (events.get(i).path("method").asText().equals("Page.loadEventFired")) {
          return;
        }
      }
      Thread.sleep(50);
    }
    throw new IllegalStateException("no load event for " + url + " in 60 s");
  }

  /** Evaluates a script expression in the page and returns its JSON value (thrown script errors are thrown). */
  JsonNode eval(String expression) throws Exception {
    JsonNode r = send("Runtime.evaluate", Map.of("expression", expression, "returnByValue", true, "awaitPromise", true));
    if (r.has("exceptionDetails")) {
      throw new IllegalStateException("script failed: " + r.get("exceptionDetails"));
    }
    return r.path("result").path("value");
  }

  /** Script errors and console errors the page produced so far. */
  List<String> errors() {
    List<String> out = new ArrayList<>();
    for (JsonNode e : events) {
      String m = e.path("method").asText();
      JsonNode p = e.path("params");
      if (m.equals("Runtime.exceptionThrown")) {
        out.add("exception: " + p.path("exceptionDetails"));
      } else if (m.equals("Runtime.consoleAPICalled") && p.path("type").asText().equals("error")) {
        out.add("console.error: " + p.path("args"));
      } else if (m.equals("Log.entryAdded") && p.path("entry").path("level").asText().equals("error")) {
        out.add("log: " + p.path("entry"));
      }
    }
    return out;
  }

  /** The font families Chromium drew the text of the first node matching the selector with. */
  List<String> fontsOf(String selector) throws Exception {
    int root = send("DOM.getDocument", Map.of()).path("root").path("nodeId").asInt();
    int node = send("DOM.querySelector", Map.of("nodeId", root, "selector", selector)).path("nodeId").asInt();
    if (node == 0) {
      throw new IllegalStateException("no node matches " + selector);
    }
    List<String> fonts = new ArrayList<>();
    for (JsonNode f : send("CSS.getPlatformFontsForNode", Map.of("nodeId", node)).path("fonts")) {
      fonts.add(f.path("familyName").asText() + " (" + f.path("glyphCount").asInt() + " glyphs)");
    }
    return fonts;
  }

  /** A PNG of the whole page, beyond the window. */
  byte[] screenshot() throws Exception {
    JsonNode size = send("Page.getLayoutMetrics", Map.of()).path("cssContentSize");
    Map<String, Object> clip = Map.of("x", 0, "y", 0, "width", size.path("width").asDouble(),
        "height", size.path("height").asDouble(), "scale", 1);
    String data = send("Page.captureScreenshot", Map.of("format", "png", "captureBeyondViewport", true, "clip", clip))
        .path("data").asText();
    return java.util.Base64.getDecoder().decode(data);
  }

  @Override
  public void close() {
    try {
      ws.sendClose(WebSocket.NORMAL_CLOSURE, "").get(5, TimeUnit.SECONDS);
    } catch (Exception ignored) {
      // the browser goes anyway
    }
    kill();
  }

  /** Chromium and its helper processes (renderer, GPU, zygote). */
  private void kill() {
    List<ProcessHandle> all = new ArrayList<>(process.descendants().toList());
    process.destroy();
    try {
      if (!process.waitFor(10, TimeUnit.SECONDS)) {
        process.destroyForcibly();
      }
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      process.destroyForcibly();
    }
    all.forEach(ProcessHandle::destroyForcibly);
  }

  private final class Listener implements WebSocket.Listener {
    private final StringBuilder partial = new StringBuilder();

    @Override
    public CompletionStage<?> onText(WebSocket socket, CharSequence data, boolean last) {
      partial.append(data);
      if (last) {
        try {
          JsonNode msg = JSON.readTree(partial.toString());
          if (msg.has("id")) {
            CompletableFuture<JsonNode> f = pending.remove(msg.get("id").asInt());
            if (f != null) {
              f.complete(msg);
            }
          } else {
            events.add(msg);
          }
        } catch (IOException e) {
          pending.values().forEach(f -> f.completeExceptionally(e));
        }
        partial.setLength(0);
      }
      socket.request(1);
      return null;
    }

    @Override
    public CompletionStage<?> onClose(WebSocket socket, int status, String reason) {
      failAll(new IllegalStateException("chromium closed the connection (" + status + " " + reason + ")"));
      return null;
    }

    @Override
    public void onError(WebSocket socket, Throwable error) {
      failAll(error);
    }

    private void failAll(Throwable t) {
      pending.values().forEach(f -> f.completeExceptionally(t));
    }
  }
}
