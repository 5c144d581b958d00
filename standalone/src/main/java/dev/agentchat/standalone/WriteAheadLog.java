package dev.agentchat.standalone;

import com.almworks.sqlite4java.SQLiteConnection;
import com.almworks.sqlite4java.SQLiteException;
import com.almworks.sqlite4java.SQLiteJob;
import com.almworks.sqlite4java.SQLiteQueue;
import com.almworks.sqlite4java.SQLiteStatement;
import com.amazonaws.services.dynamodbv2.local.embedded.DDBExceptionMappingInvocationHandler;
import com.amazonaws.services.dynamodbv2.local.shared.access.AmazonDynamoDBLocal;
import com.amazonaws.services.dynamodbv2.local.shared.access.LocalDBAccess;
import com.amazonaws.services.dynamodbv2.local.shared.access.LocalDBClient;
import com.amazonaws.services.dynamodbv2.local.shared.access.sqlite.SQLiteDBAccess;
import java.lang.reflect.Field;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ExecutionException;

/**
 * Puts file-backed DynamoDB Local's SQLite database into write-ahead-log mode with
 * {@code synchronous=NORMAL}, so that a commit no longer waits for the disk.
 *
 * <p>Why: DynamoDB Local 2.6.1 leaves SQLite at its defaults (rollback journal,
 * {@code synchronous=FULL}) and runs every statement of every table on one queue thread, each
 * write in its own transaction. So every write commit creates, fsyncs and deletes a journal and
 * fsyncs the database while all other DynamoDB calls wait behind it on that thread. On this
 * project's machine that is 4–14 ms per write commit (more when other processes write), which
 * capped the standalone at ~80 messages a second and, when the kernel's periodic writeback
 * made one fsync slow, stalled every request for half a second (BENCHMARKS.md, "Where the
 * stalls came from"). In WAL mode a commit is an append to the log, synced only at checkpoints.
 *
 * <p>What it keeps: a committed transaction is in the log before the commit returns, so it
 * survives {@code kill -9} of the server (what README promises and {@code KillNineDurabilityTest}
 * proves); the database stays consistent after a power loss too, which may only roll back the
 * last commits before the next checkpoint. DynamoDB semantics are untouched: this is below
 * DynamoDB Local's own API, every call still goes through it.
 *
 * <p>Temporary files (statement journals) go to memory too: they hold nothing that must outlive a
 * statement.
 *
 * <p>DynamoDB Local offers no setting for this, so the SQLite queue is found by type through
 * its embedded client's fields; the types are compiled against, and start fails loudly if
 * a new DynamoDB Local version is built differently.
 */
final class WriteAheadLog {
    private final SQLiteQueue queue;

    private WriteAheadLog(SQLiteQueue queue) {
        this.queue = queue;
    }

    /** The database under {@code local}, an embedded DynamoDB Local on a file. */
    static WriteAheadLog of(AmazonDynamoDBLocal local) {
        return new WriteAheadLog(queueOf(local));
    }

    /**
     * Switches the database to WAL, {@code synchronous=NORMAL} and temporary files in memory;
     * returns the settings as SQLite reports them.
     */
    Map<String, String> enable() {
        return run(queue, new SQLiteJob<Map<String, String>>() {
            @Override
            protected Map<String, String> job(SQLiteConnection connection) throws SQLiteException {
                String mode = single(connection, "PRAGMA journal_mode=WAL");
                if (!"wal".equalsIgnoreCase(mode)) {
                    throw new IllegalStateException("SQLite refused WAL mode (journal_mode is " + mode + ")");
                }
                connection.exec("PRAGMA synchronous=NORMAL");
                // Statement journals and sort b-trees in memory: SQLite otherwise creates and
                // unlinks two files in the temp directory per send (counted with strace).
                connection.exec("PRAGMA temp_store=MEMORY");
                return settings(connection);
            }
        });
    }

    /**
     * journal_mode, synchronous (0 off, 1 normal, 2 full) and temp_store (0 default, 2 memory)
     * of the database, read on DynamoDB Local's own connection.
     */
    Map<String, String> settings() {
        return run(queue, new SQLiteJob<Map<String, String>>() {
            @Override
            protected Map<String, String> job(SQLiteConnection connection) throws SQLiteException {
                return settings(connection);
            }
        });
    }

    /**
     * After DynamoDB Local's shutdown, which only asks its SQLite thread to stop: waits until
     * that thread has closed the database. Closing the last connection checkpoints the log under
     * an exclusive lock, so a server started next on the same directory in this JVM would
     * otherwise find the database locked.
     */
    void awaitClosed(long timeoutMillis) {
        Thread waiter = new Thread(() -> {
            try {
                queue.join();
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        }, "sqlite-close-wait");
        waiter.setDaemon(true);
        waiter.start();
        try {
            waiter.join(timeoutMillis);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    /** Runs {@code job} on DynamoDB Local's own SQLite thread (its connection lives there) and waits for it. */
    private static <T> T run(SQLiteQueue queue, SQLiteJob<T> job) {
        try {
            return queue.execute(job).get();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted while setting up DynamoDB Local's SQLite", e);
        } catch (ExecutionException e) {
            throw new IllegalStateException("could not set up DynamoDB Local's SQLite", e.getCause());
        }
    }

    private static Map<String, String> settings(SQLiteConnection connection) throws SQLiteException {
        Map<String, String> settings = new LinkedHashMap<>();
        for (String pragma : List.of("journal_mode", "synchronous", "temp_store")) {
            settings.put(pragma, single(connection, "PRAGMA " + pragma));
        }
        return settings;
    }

    private static String single(SQLiteConnection connection, String sql) throws SQLiteException {
        SQLiteStatement statement = connection.prepare(sql, false);
        try {
            return statement.step() ? statement.columnString(0) : null;
        } finally {
            statement.dispose();
        }
    }

    private static SQLiteQueue queueOf(AmazonDynamoDBLocal local) {
        Object handler = fieldOfType(local, DDBExceptionMappingInvocationHandler.class);
        Object client = fieldOfType(handler, LocalDBClient.class);
        Object access = fieldOfType(client, LocalDBAccess.class);
        if (!(access instanceof SQLiteDBAccess)) {
            throw new IllegalStateException("DynamoDB Local's store is " + access.getClass().getName() + ", not SQLite");
        }
        return (SQLiteQueue) fieldOfType(access, SQLiteQueue.class);
    }

    private static Object fieldOfType(Object owner, Class<?> type) {
        for (Class<?> c = owner.getClass(); c != null; c = c.getSuperclass()) {
            for (Field field : c.getDeclaredFields()) {
                if (type.isAssignableFrom(field.getType())) {
                    try {
                        field.setAccessible(true);
                        return field.get(owner);
                    } catch (ReflectiveOperationException | RuntimeException e) {
                        throw new IllegalStateException("cannot read " + field + " of DynamoDB Local", e);
                    }
                }
            }
        }
        throw new IllegalStateException("DynamoDB Local's " + owner.getClass().getName() + " holds no " + type.getName()
                + ": built differently than 2.6.1, see WriteAheadLog");
    }
}
