package dev.agentchat.bench;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.function.Function;

/**
 * The command line of every bench: declared options ({@code --name value} or {@code --name=value})
 * and flags ({@code --name}), each with its default and what it means, so the usage text is made
 * from the same declarations that the parsing checks.
 *
 * <p>Anything wrong (an unknown option, a missing value, a bad number, a failed {@link #require})
 * is an {@link IllegalArgumentException}; {@link #parseOrExit} prints it with the usage and exits 2.
 */
public final class BenchArgs {
    /**
     * One option of a bench.
     *
     * @param name         without the leading dashes
     * @param defaultValue as it would be typed; null = none (the bench decides, its help says how)
     * @param help         what it is, for the usage text
     * @param flag         true for an option that takes no value
     */
    public record Option(String name, String defaultValue, String help, boolean flag) {
    }

    /** Asked for with {@code -h} or {@code --help}. */
    static final class HelpRequested extends RuntimeException {
        HelpRequested() {
            super("help", null, false, false);
        }
    }

    private final Map<String, Option> options;
    private final Map<String, String> values;

    private BenchArgs(Map<String, Option> options, Map<String, String> values) {
        this.options = options;
        this.values = values;
    }

    public static Option option(String name, String defaultValue, String help) {
        return new Option(name, defaultValue, help, false);
    }

    public static Option flag(String name, String help) {
        return new Option(name, null, help, true);
    }

    /**
     * Parses {@code args} and reads the bench's settings from them with {@code read}; on any
     * problem prints it and the usage to stderr and exits with 2 ({@code --help}: usage, exit 0).
     */
    public static <T> T parseOrExit(String program, String[] args, List<Option> options, Function<BenchArgs, T> read) {
        try {
            return read.apply(parse(args, options));
        } catch (HelpRequested e) {
            System.out.print(usage(program, options));
            System.exit(0);
        } catch (IllegalArgumentException e) {
            System.err.println("error: " + e.getMessage());
            System.err.print(usage(program, options));
            System.exit(2);
        }
        throw new AssertionError("unreachable");
    }

    static BenchArgs parse(String[] args, List<Option> declared) {
        Map<String, Option> options = new LinkedHashMap<>();
        declared.forEach(o -> options.put(o.name(), o));
        Map<String, String> values = new HashMap<>();
        for (int i = 0; i < args.length; i++) {
            String arg = args[i];
            if (arg.equals("-h") || arg.equals("--help")) {
                throw new HelpRequested();
            }
            if (!arg.startsWith("--")) {
                throw new IllegalArgumentException("unexpected argument '" + arg + "' (options start with --)");
            }
            int eq = arg.indexOf('=');
            String name = arg.substring(2, eq < 0 ? arg.length() : eq);
            Option option = options.get(name);
            if (option == null) {
                throw new IllegalArgumentException("unknown option --" + name);
            }
            if (eq >= 0) {
                values.put(name, arg.substring(eq + 1));
            } else if (option.flag()) {
                values.put(name, "true");
            } else if (i + 1 < args.length) {
                values.put(name, args[++i]);
            } else {
                throw new IllegalArgumentException("--" + name + " needs a value");
            }
        }
        BenchArgs parsed = new BenchArgs(options, values);
        options.values().stream().filter(Option::flag).forEach(o -> parsed.flag(o.name()));
        return parsed;
    }

    /** The usage text: one line per option with its default. */
    static String usage(String program, List<Option> options) {
        StringBuilder text = new StringBuilder("usage: ").append(program).append(" [options]\n");
        for (Option o : options) {
            String value = o.defaultValue() == null ? "…"
                    : o.defaultValue().contains(" ") ? '"' + o.defaultValue() + '"' : o.defaultValue();
            String left = "--" + o.name() + (o.flag() ? "" : " " + value);
            if (left.length() > 26) {
                // A long default gets a line of its own, so the help texts stay in one column.
                text.append("  ").append(left).append('\n');
                left = "";
            }
            text.append(String.format(Locale.ROOT, "  %-26s %s%n", left, o.help()));
        }
        return text.toString();
    }

    /** Whether the command line gave this option (rather than its default). */
    public boolean isSet(String name) {
        declared(name);
        return values.containsKey(name);
    }

    /** The option's value, else its default (null when it has none). */
    public String text(String name) {
        return values.getOrDefault(name, declared(name).defaultValue());
    }

    public int integer(String name) {
        String value = required(name);
        try {
            return Integer.parseInt(value);
        } catch (NumberFormatException e) {
            throw new IllegalArgumentException("--" + name + " wants a whole number, got '" + value + "'");
        }
    }

    public long longInteger(String name) {
        String value = required(name);
        try {
            return Long.parseLong(value);
        } catch (NumberFormatException e) {
            throw new IllegalArgumentException("--" + name + " wants a whole number, got '" + value + "'");
        }
    }

    public double decimal(String name) {
        String value = required(name);
        try {
            return Double.parseDouble(value);
        } catch (NumberFormatException e) {
            throw new IllegalArgumentException("--" + name + " wants a number, got '" + value + "'");
        }
    }

    public boolean flag(String name) {
        String value = values.getOrDefault(name, "false");
        if (!value.equals("true") && !value.equals("false")) {
            throw new IllegalArgumentException("--" + name + " is true or false, got '" + value + "'");
        }
        return value.equals("true");
    }

    /** A comma-separated value as a list; empty when the option is not given and has no default. */
    public List<String> list(String name) {
        String value = text(name);
        return value == null || value.isEmpty() ? List.of() : List.copyOf(Arrays.asList(value.split(",")));
    }

    /** Fails the parse with {@code problem} unless {@code condition} holds (a range check, a combination). */
    public void require(boolean condition, String problem) {
        if (!condition) {
            throw new IllegalArgumentException(problem);
        }
    }

    private String required(String name) {
        String value = text(name);
        if (value == null) {
            throw new IllegalArgumentException("--" + name + " needs a value");
        }
        return value;
    }

    private Option declared(String name) {
        Option option = options.get(name);
        if (option == null) {
            // A bench asking for an option it did not declare is the bench's bug, not the user's.
            throw new IllegalStateException("undeclared option " + name + "; declared: " + new ArrayList<>(options.keySet()));
        }
        return option;
    }
}
