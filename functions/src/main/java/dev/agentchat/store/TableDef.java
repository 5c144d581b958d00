package dev.agentchat.store;

import dev.agentchat.config.AppConfig;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import software.amazon.awssdk.services.dynamodb.model.AttributeDefinition;
import software.amazon.awssdk.services.dynamodb.model.BillingMode;
import software.amazon.awssdk.services.dynamodb.model.CreateTableRequest;
import software.amazon.awssdk.services.dynamodb.model.GlobalSecondaryIndex;
import software.amazon.awssdk.services.dynamodb.model.KeySchemaElement;
import software.amazon.awssdk.services.dynamodb.model.KeyType;
import software.amazon.awssdk.services.dynamodb.model.LocalSecondaryIndex;
import software.amazon.awssdk.services.dynamodb.model.Projection;
import software.amazon.awssdk.services.dynamodb.model.ProjectionType;
import software.amazon.awssdk.services.dynamodb.model.ScalarAttributeType;
import software.amazon.awssdk.services.dynamodb.model.StreamSpecification;
import software.amazon.awssdk.services.dynamodb.model.StreamViewType;

/**
 * One DynamoDB table as the code uses it: keys, indexes, TTL attribute and stream. The CDK
 * stack and the standalone server both build their tables from these definitions.
 *
 * @param logicalName short name; the physical name is the deployment's prefix + this
 * @param ttlAttribute epoch-seconds attribute DynamoDB expires items by, if any
 * @param stream      whether new images are streamed (the realtime fan-out reads them)
 */
public record TableDef(
        String logicalName,
        Key partitionKey,
        Optional<Key> sortKey,
        List<Index> globalIndexes,
        List<Index> localIndexes,
        Optional<String> ttlAttribute,
        boolean stream) {

    /** An attribute used in a key, with its scalar type. */
    public record Key(String name, ScalarAttributeType type) {
        public static Key s(String name) {
            return new Key(name, ScalarAttributeType.S);
        }

        public static Key n(String name) {
            return new Key(name, ScalarAttributeType.N);
        }
    }

    /**
     * A secondary index projecting all attributes, or only the keys ({@code keysOnly}: then a write
     * that changes no key attribute writes nothing to it).
     */
    public record Index(String name, Key partitionKey, Optional<Key> sortKey, boolean keysOnly) {
        public static Index of(String name, Key partitionKey, Key sortKey) {
            return new Index(name, partitionKey, Optional.ofNullable(sortKey), false);
        }

        public static Index keysOnly(String name, Key partitionKey) {
            return new Index(name, partitionKey, Optional.empty(), true);
        }

        public ProjectionType projectionType() {
            return keysOnly ? ProjectionType.KEYS_ONLY : ProjectionType.ALL;
        }
    }

    /** The environment variable a deployment sets to this table's physical name (e.g. {@code ROOMS_TABLE}). */
    public String envVar() {
        return AppConfig.tableVariable(logicalName);
    }

    public CreateTableRequest toCreateTableRequest(String physicalName) {
        List<AttributeDefinition> attributes = new ArrayList<>();
        addAttribute(attributes, partitionKey);
        sortKey.ifPresent(k -> addAttribute(attributes, k));
        for (Index index : allIndexes()) {
            addAttribute(attributes, index.partitionKey());
            index.sortKey().ifPresent(k -> addAttribute(attributes, k));
        }
        CreateTableRequest.Builder request = CreateTableRequest.builder()
                .tableName(physicalName)
                .billingMode(BillingMode.PAY_PER_REQUEST)
                .attributeDefinitions(attributes)
                .keySchema(keySchema(partitionKey, sortKey));
        if (!globalIndexes.isEmpty()) {
            request.globalSecondaryIndexes(globalIndexes.stream()
                    .map(i -> GlobalSecondaryIndex.builder()
                            .indexName(i.name())
                            .keySchema(keySchema(i.partitionKey(), i.sortKey()))
                            .projection(Projection.builder().projectionType(i.projectionType()).build())
                            .build())
                    .toList());
        }
        if (!localIndexes.isEmpty()) {
            request.localSecondaryIndexes(localIndexes.stream()
                    .map(i -> LocalSecondaryIndex.builder()
                            .indexName(i.name())
                            .keySchema(keySchema(i.partitionKey(), i.sortKey()))
                            .projection(Projection.builder().projectionType(i.projectionType()).build())
                            .build())
                    .toList());
        }
        if (stream) {
            request.streamSpecification(StreamSpecification.builder()
                    .streamEnabled(true)
                    .streamViewType(StreamViewType.NEW_IMAGE)
                    .build());
        }
        return request.build();
    }

    private List<Index> allIndexes() {
        List<Index> all = new ArrayList<>(globalIndexes);
        all.addAll(localIndexes);
        return all;
    }

    private static void addAttribute(List<AttributeDefinition> attributes, Key key) {
        boolean known = attributes.stream().anyMatch(a -> a.attributeName().equals(key.name()));
        if (!known) {
            attributes.add(AttributeDefinition.builder()
                    .attributeName(key.name())
                    .attributeType(key.type())
                    .build());
        }
    }

    private static List<KeySchemaElement> keySchema(Key partition, Optional<Key> sort) {
        List<KeySchemaElement> schema = new ArrayList<>();
        schema.add(KeySchemaElement.builder().attributeName(partition.name()).keyType(KeyType.HASH).build());
        sort.ifPresent(k -> schema.add(
                KeySchemaElement.builder().attributeName(k.name()).keyType(KeyType.RANGE).build()));
        return schema;
    }
}
