package dev.agentchat.realtime;

import java.util.function.Supplier;

/**
 * Pushes frames to WebSocket connections and closes them: API Gateway's Management API on AWS
 * (and its emulation in the standalone server).
 */
public interface ConnectionGateway {
    /** Sends one text frame. @throws ConnectionGone if the connection no longer exists */
    void send(String connectionId, String frame);

    /** Closes the connection; closing one that is already gone is not an error. */
    void close(String connectionId);

    /** Builds now whatever the first push would build (see {@link #lazy}). */
    default void prepare() {
    }

    /** The connection no longer exists (API Gateway's 410 GoneException). */
    final class ConnectionGone extends RuntimeException {
        public ConnectionGone(String connectionId) {
            super("connection " + connectionId + " is gone", null, false, false);
        }
    }

    /** A gateway for deployments without a WebSocket API: any use is a configuration error. */
    static ConnectionGateway unconfigured() {
        return new ConnectionGateway() {
            @Override
            public void send(String connectionId, String frame) {
                throw new IllegalStateException("WS_MANAGEMENT_ENDPOINT is not set: cannot reach WebSocket connections");
            }

            @Override
            public void close(String connectionId) {
                send(connectionId, null);
            }
        };
    }

    /**
     * A gateway built on first use. Most HTTP routes never reach a socket, and building the
     * Management API client (a second SDK service client) at init would add its class loading
     * to every function's cold start.
     */
    static ConnectionGateway lazy(Supplier<ConnectionGateway> factory) {
        return new ConnectionGateway() {
            private volatile ConnectionGateway built;

            private ConnectionGateway gateway() {
                ConnectionGateway gateway = built;
                if (gateway == null) {
                    synchronized (this) {
                        gateway = built;
                        if (gateway == null) {
                            gateway = factory.get();
                            built = gateway;
                        }
                    }
                }
                return gateway;
            }

            @Override
            public void send(String connectionId, String frame) {
                gateway().send(connectionId, frame);
            }

            @Override
            public void close(String connectionId) {
                gateway().close(connectionId);
            }

            @Override
            public void prepare() {
                gateway();
            }
        };
    }
}
