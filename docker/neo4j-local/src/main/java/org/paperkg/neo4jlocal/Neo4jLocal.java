package org.paperkg.neo4jlocal;

import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.HashMap;
import java.util.Map;
import java.util.concurrent.CountDownLatch;

import org.neo4j.configuration.GraphDatabaseSettings;
import org.neo4j.configuration.connectors.BoltConnector;
import org.neo4j.configuration.connectors.BoltConnectorInternalSettings;
import org.neo4j.configuration.connectors.ConnectorPortRegister;
import org.neo4j.configuration.connectors.ConnectorType;
import org.neo4j.configuration.helpers.SocketAddress;
import org.neo4j.dbms.api.DatabaseManagementService;
import org.neo4j.dbms.api.DatabaseManagementServiceBuilder;
import org.neo4j.graphdb.GraphDatabaseService;
import org.neo4j.graphdb.config.Setting;
import org.neo4j.internal.helpers.HostnamePort;
import org.neo4j.io.ByteUnit;
import org.neo4j.kernel.internal.GraphDatabaseAPI;

/**
 * Neo4j 5 Community, embedded, with its Bolt connector: a real server for paperkg's live tests and for
 * users without Docker.
 *
 * <p>Usage: {@code NEO4J_PASSWORD=... java -Xmx512m -jar neo4j-local.jar --data DIR [--port 7687]
 * [--pagecache 256m] [--stop-on-stdin-close]}. Bolt listens on 127.0.0.1 only, without TLS,
 * authentication on. The password comes from the environment, never the command line (which every user
 * of the machine can read in {@code ps}); it is (re)set at every start, so the data folder follows the
 * password it is started with. {@code --port 0} lets the system pick a free port (no race between
 * choosing a port and binding it). One line {@code ready bolt://127.0.0.1:PORT} on stdout says it
 * accepts connections; errors are one line on stderr starting with {@code error:} and exit code 1.
 * SIGTERM (or Ctrl-C) shuts the DBMS down cleanly. With {@code --stop-on-stdin-close} it also stops when
 * its standard input closes: a test harness that dies without cleaning up leaves no orphan server.
 */
public final class Neo4jLocal {
    private static final String PASSWORD_ENV = "NEO4J_PASSWORD";
    private static final int MIN_PASSWORD = 8; // Neo4j's own minimum (dbms.security.auth_minimum_password_length)
    private static final String SAME_PASSWORD = "Old password and new password cannot be the same";

    private Neo4jLocal() {}

    /** What the command line asked for. */
    record Options(Path data, int port, long pageCacheBytes, boolean stopOnStdinClose) {}

    /** A user mistake: printed as one line, exit code 2. */
    static final class UsageError extends Exception {
        UsageError(String message) {
            super(message);
        }
    }

    static Options parse(String[] args) throws UsageError {
        Path data = null;
        int port = BoltConnector.DEFAULT_PORT;
        long pageCache = ByteUnit.mebiBytes(256);
        boolean stopOnStdinClose = false;
        for (int i = 0; i < args.length; i++) {
            String arg = args[i];
            switch (arg) {
                case "--data" -> data = Path.of(value(args, ++i, arg)).toAbsolutePath();
                case "--port" -> port = parsePort(value(args, ++i, arg));
                case "--pagecache" -> pageCache = parseSize(value(args, ++i, arg));
                case "--stop-on-stdin-close" -> stopOnStdinClose = true;
                case "-h", "--help" -> throw new UsageError(
                        "usage: NEO4J_PASSWORD=... java -Xmx512m -jar neo4j-local.jar --data DIR [--port 7687]"
                                + " [--pagecache 256m] [--stop-on-stdin-close]");
                default -> throw new UsageError("unknown argument " + arg + " (see --help)");
            }
        }
        if (data == null) {
            throw new UsageError("--data DIR is required: the folder that holds the databases and logs");
        }
        return new Options(data, port, pageCache, stopOnStdinClose);
    }

    private static String value(String[] args, int i, String option) throws UsageError {
        if (i >= args.length) {
            throw new UsageError(option + " needs a value");
        }
        return args[i];
    }

    private static int parsePort(String text) throws UsageError {
        try {
            int port = Integer.parseInt(text);
            if (port >= 0 && port <= 65535) {
                return port;
            }
        } catch (NumberFormatException ignored) {
            // reported below
        }
        throw new UsageError("--port wants 0 (any free port) to 65535, got " + text);
    }

    private static long parseSize(String text) throws UsageError {
        String t = text.trim().toLowerCase();
        long unit = 1;
        if (t.endsWith("g")) {
            unit = ByteUnit.gibiBytes(1);
        } else if (t.endsWith("m")) {
            unit = ByteUnit.mebiBytes(1);
        } else if (t.endsWith("k")) {
            unit = ByteUnit.kibiBytes(1);
        }
        try {
            long n = Long.parseLong(unit == 1 ? t : t.substring(0, t.length() - 1));
            if (n > 0) {
                return n * unit;
            }
        } catch (NumberFormatException ignored) {
            // reported below
        }
        throw new UsageError("--pagecache wants a size such as 256m or 1g, got " + text);
    }

    static DatabaseManagementService start(Options options) throws IOException {
        Files.createDirectories(options.data());
        // Memory: the page cache and the transactions' memory are capped here, the heap by -Xmx; together
        // with the JVM's own overhead about 1 GB. Only what a local test server needs is switched on.
        Map<Setting<?>, Object> settings = new HashMap<>();
        settings.put(BoltConnector.enabled, true);
        settings.put(BoltConnector.listen_address, new SocketAddress("127.0.0.1", options.port()));
        settings.put(BoltConnector.encryption_level, BoltConnector.EncryptionLevel.DISABLED);
        settings.put(GraphDatabaseSettings.default_listen_address, new SocketAddress("127.0.0.1"));
        settings.put(GraphDatabaseSettings.auth_enabled, true);
        settings.put(GraphDatabaseSettings.pagecache_memory, options.pageCacheBytes());
        settings.put(GraphDatabaseSettings.memory_transaction_global_max_size, ByteUnit.mebiBytes(256));
        settings.put(GraphDatabaseSettings.keep_logical_logs, "1 files"); // a test server needs no history
        settings.put(GraphDatabaseSettings.udc_enabled, false);
        // Bolt waits 5 s twice on shutdown for idle threads and connections; the databases are
        // checkpointed and closed before that, so a second each is plenty (SIGTERM -> exit in ~2 s)
        settings.put(BoltConnectorInternalSettings.thread_pool_shutdown_wait_time, Duration.ofSeconds(1));
        settings.put(BoltConnectorInternalSettings.connection_shutdown_wait_time, Duration.ofSeconds(1));
        return new DatabaseManagementServiceBuilder(options.data()).setConfig(settings).build();
    }

    /**
     * The password from the environment, for the built-in user, with no change required at first login.
     * Neo4j refuses to "change" a password to the one it already has: a restart with the same password
     * (the usual case) is not an error.
     */
    static void setPassword(DatabaseManagementService dbms, String password) {
        GraphDatabaseService system = dbms.database(GraphDatabaseSettings.SYSTEM_DATABASE_NAME);
        system.executeTransactionally("ALTER USER neo4j SET PASSWORD CHANGE NOT REQUIRED");
        try {
            system.executeTransactionally("ALTER USER neo4j SET PASSWORD $password CHANGE NOT REQUIRED",
                    Map.of("password", password));
        } catch (RuntimeException e) {
            if (!String.valueOf(rootCause(e).getMessage()).contains(SAME_PASSWORD)) {
                throw e;
            }
        }
    }

    static Throwable rootCause(Throwable e) {
        Throwable root = e;
        while (root.getCause() != null && root.getCause() != root) {
            root = root.getCause();
        }
        return root;
    }

    static int boltPort(DatabaseManagementService dbms) {
        GraphDatabaseAPI db = (GraphDatabaseAPI) dbms.database(GraphDatabaseSettings.SYSTEM_DATABASE_NAME);
        HostnamePort address = db.getDependencyResolver()
                .resolveDependency(ConnectorPortRegister.class)
                .getLocalAddress(ConnectorType.BOLT);
        return address.getPort();
    }

    /** Stop when stdin reaches end of file: the process that started us is gone. */
    private static void watchStdin(CountDownLatch stop) {
        Thread watcher = new Thread(() -> {
            InputStream in = System.in;
            byte[] buffer = new byte[256];
            try {
                while (in.read(buffer) >= 0) {
                    // input is ignored; only its end matters
                }
            } catch (IOException ignored) {
                // a broken pipe means the same as end of file
            }
            stop.countDown();
        }, "stdin-watcher");
        watcher.setDaemon(true);
        watcher.start();
    }

    public static void main(String[] args) {
        Options options;
        try {
            options = parse(args);
        } catch (UsageError e) {
            System.err.println("error: " + e.getMessage());
            System.exit(2);
            return;
        }
        String password = System.getenv(PASSWORD_ENV);
        if (password == null || password.length() < MIN_PASSWORD) {
            System.err.println("error: set " + PASSWORD_ENV + " to the password for the user neo4j (at least "
                    + MIN_PASSWORD + " characters); it is read from the environment, not the command line");
            System.exit(2);
            return;
        }
        DatabaseManagementService dbms = null;
        int port;
        try {
            dbms = start(options);
            setPassword(dbms, password);
            port = boltPort(dbms);
        } catch (Exception e) {
            Throwable root = rootCause(e);
            System.err.println("error: Neo4j did not start with its data in " + options.data() + ": "
                    + oneLine(e.getMessage()) + (root == e ? "" : " (" + oneLine(root.toString()) + ")")
                    + "; details in " + options.data().resolve("logs").resolve("debug.log"));
            System.err.flush();
            if (dbms != null) {
                try {
                    dbms.shutdown(); // started but unusable: close the databases cleanly before leaving
                } catch (RuntimeException ignored) {
                    // exiting anyway
                }
            }
            Runtime.getRuntime().halt(1); // System.exit could wait on Neo4j's own threads
            return;
        }
        CountDownLatch stop = new CountDownLatch(1);
        final DatabaseManagementService running = dbms;
        Runtime.getRuntime().addShutdownHook(new Thread(() -> {
            // SIGTERM, SIGINT or System.exit: close the databases so the next start needs no recovery
            running.shutdown();
            System.out.println("stopped");
            System.out.flush();
        }, "neo4j-shutdown"));
        if (options.stopOnStdinClose()) {
            watchStdin(stop);
        }
        System.out.println("ready bolt://127.0.0.1:" + port);
        System.out.flush();
        try {
            stop.await();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        System.exit(0); // runs the shutdown hook
    }

    private static String oneLine(String text) {
        return text == null ? "" : String.join(" ", text.trim().split("\\s+"));
    }
}
