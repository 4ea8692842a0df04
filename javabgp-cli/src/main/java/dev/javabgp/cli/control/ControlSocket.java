package dev.javabgp.cli.control;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.StandardProtocolFamily;
import java.net.UnixDomainSocketAddress;
import java.nio.ByteBuffer;
import java.nio.channels.ClosedChannelException;
import java.nio.channels.ServerSocketChannel;
import java.nio.channels.SocketChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.Map;
import java.util.Objects;
import java.util.function.Supplier;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The Unix domain socket through which a running {@code javabgp run} answers {@code javabgp status}.
 * A client connects, sends one request line ({@code status}), and reads the answer until the server
 * closes the connection. The socket file is readable and writable by its owner only.
 */
public final class ControlSocket implements AutoCloseable {

    private static final Logger log = LoggerFactory.getLogger(ControlSocket.class);
    /** A request is one short line; anything longer is not one. */
    private static final int MAX_REQUEST = 256;
    /** How long a client may take to send its request, and {@link #request} to wait for the answer. */
    static final java.time.Duration TIMEOUT = java.time.Duration.ofSeconds(10);

    private final Path path;
    private final ServerSocketChannel server;
    private final Map<String, Supplier<String>> answers;
    private final Thread acceptor;

    private ControlSocket(Path path, ServerSocketChannel server, Map<String, Supplier<String>> answers) {
        this.path = path;
        this.server = server;
        this.answers = Map.copyOf(answers);
        this.acceptor = Thread.ofPlatform().daemon().name("javabgp-control").start(this::accept);
    }

    /**
     * The socket path: {@code option} if given; else {@code $XDG_RUNTIME_DIR/javabgp.sock}; else
     * {@code /run/javabgp/javabgp.sock} for root; else {@code javabgp-<user>.sock} in the temporary
     * directory. {@code run} and {@code status} of one user in one environment agree on it.
     */
    public static Path resolve(Path option) {
        if (option != null) {
            return option;
        }
        String runtime = System.getenv("XDG_RUNTIME_DIR");
        if (runtime != null && !runtime.isBlank()) {
            return Path.of(runtime, "javabgp.sock");
        }
        String user = System.getProperty("user.name", "javabgp");
        if (user.equals("root")) {
            return Path.of("/run/javabgp/javabgp.sock");
        }
        return Path.of(System.getProperty("java.io.tmpdir"), "javabgp-" + user + ".sock");
    }

    /**
     * Listens at {@code path}, answering each request named in {@code answers} with what its
     * supplier gives.
     *
     * @throws IllegalStateException if another process answers at {@code path}, or it cannot be bound
     */
    public static ControlSocket open(Path path, Map<String, Supplier<String>> answers) {
        Objects.requireNonNull(path, "path");
        if (Files.exists(path)) {
            if (answers(path)) {
                throw new IllegalStateException("another javabgp run answers on the control socket " + path
                        + "; stop it, or give this one its own with --control-socket");
            }
            try {
                Files.delete(path); // left behind by a process that did not stop cleanly
            } catch (IOException e) {
                throw new IllegalStateException("cannot remove the stale control socket " + path + ": " + e.getMessage(), e);
            }
        }
        try {
            Path parent = path.toAbsolutePath().getParent();
            if (parent != null) {
                Files.createDirectories(parent);
            }
            ServerSocketChannel server = ServerSocketChannel.open(StandardProtocolFamily.UNIX);
            server.bind(UnixDomainSocketAddress.of(path));
            try {
                Files.setPosixFilePermissions(path, PosixFilePermissions.fromString("rw-------"));
            } catch (UnsupportedOperationException e) {
                // not a POSIX file system: the directory's permissions guard it
            }
            return new ControlSocket(path, server, answers);
        } catch (IOException e) {
            throw new IllegalStateException("cannot open the control socket " + path + ": " + e.getMessage()
                    + "; give a writable path with --control-socket", e);
        }
    }

    private static boolean answers(Path path) {
        try (SocketChannel c = SocketChannel.open(UnixDomainSocketAddress.of(path))) {
            return c.isConnected();
        } catch (IOException e) {
            return false;
        }
    }

    /** Where it listens. */
    public Path path() {
        return path;
    }

    private void accept() {
        while (server.isOpen()) {
            SocketChannel client;
            try {
                client = server.accept();
            } catch (ClosedChannelException e) {
                return;
            } catch (IOException e) {
                log.warn("control socket {}: {}", path, e.toString());
                return;
            }
            Thread.ofVirtual().name("javabgp-control-client").start(() -> serve(client));
        }
    }

    private void serve(SocketChannel client) {
        try (client) {
            // A client that never finishes its request is cut off, so it holds no thread for long.
            Thread watchdog = Thread.ofVirtual().start(() -> {
                try {
                    Thread.sleep(TIMEOUT);
                    client.close();
                } catch (InterruptedException | IOException e) {
                    // answered in time, or already closed
                }
            });
            String request = readLine(client);
            watchdog.interrupt();
            Supplier<String> answer = answers.get(request);
            String text = answer != null ? answer.get()
                    : "error: unknown request \"" + request + "\"; accepted: " + String.join(", ", answers.keySet()) + "\n";
            ByteBuffer out = ByteBuffer.wrap(text.getBytes(StandardCharsets.UTF_8));
            while (out.hasRemaining()) {
                client.write(out);
            }
        } catch (IOException | RuntimeException e) {
            log.debug("control socket client: {}", e.toString());
        }
    }

    private static String readLine(SocketChannel c) throws IOException {
        ByteBuffer in = ByteBuffer.allocate(MAX_REQUEST);
        while (in.hasRemaining()) {
            if (c.read(in) < 0) {
                break;
            }
            for (int i = 0; i < in.position(); i++) {
                if (in.get(i) == '\n') {
                    return new String(in.array(), 0, i, StandardCharsets.UTF_8).strip();
                }
            }
        }
        return new String(in.array(), 0, in.position(), StandardCharsets.UTF_8).strip();
    }

    /**
     * Sends {@code request} to the server at {@code path} and returns its answer, waiting at most
     * ten seconds.
     *
     * @throws IOException if nothing answers there
     */
    public static String request(Path path, String request) throws IOException {
        try (SocketChannel c = SocketChannel.open(StandardProtocolFamily.UNIX)) {
            c.connect(UnixDomainSocketAddress.of(path));
            Thread watchdog = Thread.ofVirtual().start(() -> {
                try {
                    Thread.sleep(TIMEOUT);
                    c.close();
                } catch (InterruptedException | IOException e) {
                    // answered in time
                }
            });
            try {
                c.write(ByteBuffer.wrap((request + "\n").getBytes(StandardCharsets.UTF_8)));
                java.io.ByteArrayOutputStream answer = new java.io.ByteArrayOutputStream();
                ByteBuffer buffer = ByteBuffer.allocate(8192);
                while (c.read(buffer) >= 0) {
                    answer.write(buffer.array(), 0, buffer.position());
                    buffer.clear();
                }
                return answer.toString(StandardCharsets.UTF_8);
            } catch (ClosedChannelException e) {
                throw new IOException("no answer from " + path + " within " + TIMEOUT.toSeconds() + " s", e);
            } finally {
                watchdog.interrupt();
            }
        }
    }

    /** Stops answering and removes the socket file. */
    @Override
    public void close() {
        try {
            server.close();
            acceptor.join(TIMEOUT);
            Files.deleteIfExists(path);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
