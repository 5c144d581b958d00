package dev.agentchat.infra;

import dev.agentchat.Access;
import dev.agentchat.store.TableDef;
import dev.agentchat.store.Tables;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.stream.Stream;
import software.amazon.awscdk.RemovalPolicy;
import software.amazon.awscdk.services.dynamodb.Attribute;
import software.amazon.awscdk.services.dynamodb.AttributeType;
import software.amazon.awscdk.services.dynamodb.BillingMode;
import software.amazon.awscdk.services.dynamodb.GlobalSecondaryIndexProps;
import software.amazon.awscdk.services.dynamodb.LocalSecondaryIndexProps;
import software.amazon.awscdk.services.dynamodb.PointInTimeRecoverySpecification;
import software.amazon.awscdk.services.dynamodb.ProjectionType;
import software.amazon.awscdk.services.dynamodb.StreamViewType;
import software.amazon.awscdk.services.dynamodb.Table;
import software.amazon.awscdk.services.iam.IGrantable;
import software.amazon.awscdk.services.iam.PolicyStatement;
import software.constructs.Construct;

/** Every DynamoDB table of {@link Tables#ALL}, and the grants that give a function exactly its {@link Access}. */
public final class DataTables extends Construct {
    private final Map<TableDef, Table> tables = new LinkedHashMap<>();

    public DataTables(Construct scope, String id, boolean retainData) {
        super(scope, id);
        for (TableDef def : Tables.ALL) {
            tables.put(def, table(def, retainData));
        }
    }

    private Table table(TableDef def, boolean retainData) {
        Table.Builder builder = Table.Builder.create(this, Names.pascal(def.logicalName()))
                .partitionKey(attribute(def.partitionKey()))
                .billingMode(BillingMode.PAY_PER_REQUEST)
                .pointInTimeRecoverySpecification(PointInTimeRecoverySpecification.builder()
                        .pointInTimeRecoveryEnabled(true)
                        .build())
                // Chat history outlives a stack by default; -c agentchat:retainData=false for throwaway stacks.
                .removalPolicy(retainData ? RemovalPolicy.RETAIN : RemovalPolicy.DESTROY)
                // Retained tables also refuse a DeleteTable from anyone (console, CLI) until turned off.
                .deletionProtection(retainData);
        def.sortKey().ifPresent(k -> builder.sortKey(attribute(k)));
        def.ttlAttribute().ifPresent(builder::timeToLiveAttribute);
        if (def.stream()) {
            builder.stream(StreamViewType.NEW_IMAGE);
        }
        Table table = builder.build();
        for (TableDef.Index index : def.globalIndexes()) {
            GlobalSecondaryIndexProps.Builder gsi = GlobalSecondaryIndexProps.builder()
                    .indexName(index.name())
                    .partitionKey(attribute(index.partitionKey()))
                    .projectionType(index.keysOnly() ? ProjectionType.KEYS_ONLY : ProjectionType.ALL);
            index.sortKey().ifPresent(k -> gsi.sortKey(attribute(k)));
            table.addGlobalSecondaryIndex(gsi.build());
        }
        for (TableDef.Index index : def.localIndexes()) {
            if (!index.partitionKey().equals(def.partitionKey()) || index.sortKey().isEmpty()) {
                throw new IllegalStateException("local index " + index.name() + " of table " + def.logicalName()
                        + " must share the table's partition key and have a sort key");
            }
            table.addLocalSecondaryIndex(LocalSecondaryIndexProps.builder()
                    .indexName(index.name())
                    .sortKey(attribute(index.sortKey().get()))
                    .projectionType(ProjectionType.ALL)
                    .build());
        }
        return table;
    }

    /** Every table, in {@code Tables.ALL} order. */
    public List<Table> all() {
        return List.copyOf(tables.values());
    }

    /** The table built for a definition. */
    public Table table(TableDef def) {
        Table table = tables.get(def);
        if (table == null) {
            throw new IllegalArgumentException("no table for " + def.logicalName() + ": it is not in Tables.ALL");
        }
        return table;
    }

    /** The variables the code reads each table's physical name from ({@code ROOMS_TABLE} → name). */
    public Map<String, String> environment() {
        Map<String, String> env = new LinkedHashMap<>();
        tables.forEach((def, table) -> env.put(def.envVar(), table.getTableName()));
        return env;
    }

    /**
     * Grants exactly the actions {@code access} declares, one statement per table: on the table,
     * and on its indexes only for Query and Scan (the only calls that read an index). Never the
     * stream: the fan-out's event source grants that on the stream alone.
     */
    public void grant(Access access, IGrantable grantee) {
        for (TableDef def : Tables.ALL) {
            Set<Access.Action> actions = access.actions(def);
            if (actions.isEmpty()) {
                continue;
            }
            Table table = table(def);
            List<String> resources = new ArrayList<>(List.of(table.getTableArn()));
            if (actions.contains(Access.Action.QUERY) || actions.contains(Access.Action.SCAN)) {
                Stream.concat(def.globalIndexes().stream(), def.localIndexes().stream())
                        .forEach(index -> resources.add(table.getTableArn() + "/index/" + index.name()));
            }
            grantee.getGrantPrincipal().addToPrincipalPolicy(PolicyStatement.Builder.create()
                    .actions(actions.stream().sorted().map(Access.Action::iamAction).toList())
                    .resources(resources)
                    .build());
        }
    }

    private static Attribute attribute(TableDef.Key key) {
        AttributeType type = switch (key.type()) {
            case S -> AttributeType.STRING;
            case N -> AttributeType.NUMBER;
            case B -> AttributeType.BINARY;
            default -> throw new IllegalArgumentException("unsupported key type " + key.type() + " of " + key.name());
        };
        return Attribute.builder().name(key.name()).type(type).build();
    }
}
