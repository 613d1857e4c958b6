package dev.gochan.context;

import java.util.Objects;

/**
 * A typed key for {@link Context#withValue(Context, ContextKey, Object)}: Go's unexported key
 * type idiom ({@code type userKey struct{}}), with the value's type carried by the key so that
 * {@link Context#value(ContextKey)} returns a {@code T} without a cast.
 *
 * <pre>{@code
 * static final ContextKey<String> REQUEST_ID = new ContextKey<>("requestId");
 *
 * Context ctx = Context.withValue(parent, REQUEST_ID, "r-42");
 * String id = ctx.value(REQUEST_ID);           // "r-42"
 * }</pre>
 *
 * <p>Keys compare by identity: two keys with the same name are different keys, so packages
 * cannot collide by accident (Go gets this from distinct key types). Keep a key in a
 * {@code static final} field and expose accessors rather than the key itself, as Go advises.
 *
 * @param <T> the type of the values stored under this key
 */
public final class ContextKey<T> {
    private final String name;

    /**
     * Creates a new key, distinct from every other key.
     *
     * @param name a name for diagnostics ({@code toString} of contexts and of the key)
     * @throws NullPointerException if {@code name} is null
     */
    public ContextKey(String name) {
        this.name = Objects.requireNonNull(name, "name");
    }

    /**
     * The name given at creation.
     *
     * @return the name
     */
    @Override
    public String toString() {
        return name;
    }
}
