package dev.agentchat.bench.cost;

import java.util.List;

/**
 * AWS on-demand list prices in US dollars, us-east-1: the one place the cost model takes prices
 * from. Recorded 2026-12-02 from AWS's public pricing pages below (first pricing tier of each;
 * DynamoDB on-demand as reduced on 2024-11-01). This machine has no internet access, so they were
 * not re-read online on that date: check the pages before relying on a figure.
 *
 * @param lambdaArmGbSecond     Lambda duration, arm64 (our functions), per GB-second
 * @param lambdaX86GbSecond     Lambda duration, x86_64 (the AWS sample's functions), per GB-second
 * @param lambdaRequest         Lambda, per request (invocation)
 * @param httpApiRequest        API Gateway HTTP API, per request (each 512 KB counts as one)
 * @param webSocketMessage      API Gateway WebSocket API, per message in or out (each 32 KB counts as one)
 * @param webSocketConnMinute   API Gateway WebSocket API, per connection-minute
 * @param dynamoWriteUnit       DynamoDB on-demand, per write request unit
 * @param dynamoReadUnit        DynamoDB on-demand, per read request unit
 * @param dynamoStorageGbMonth  DynamoDB Standard table class storage, per GB-month (after the free 25 GB)
 * @param dynamoStreamReadUnit  DynamoDB Streams, per stream read request unit (GetRecords); free when a
 *                              Lambda event source mapping reads the stream, as ours does
 * @param sqsRequest            SQS standard queue, per request (each 64 KB counts as one)
 * @param logsIngestGb          CloudWatch Logs standard ingestion, per GB
 */
public record Prices(double lambdaArmGbSecond, double lambdaX86GbSecond, double lambdaRequest, double httpApiRequest,
                     double webSocketMessage, double webSocketConnMinute, double dynamoWriteUnit, double dynamoReadUnit,
                     double dynamoStorageGbMonth, double dynamoStreamReadUnit, double sqsRequest, double logsIngestGb) {

    private static final double MILLION = 1_000_000;

    /** us-east-1, recorded 2026-12-02 (see the class comment and {@link #SOURCES}). */
    public static final Prices US_EAST_1 = new Prices(
            0.0000133334,            // https://aws.amazon.com/lambda/pricing/ (Arm, first 7.5 billion GB-s/month)
            0.0000166667,            // https://aws.amazon.com/lambda/pricing/ (x86, first 6 billion GB-s/month)
            0.20 / MILLION,          // https://aws.amazon.com/lambda/pricing/
            1.00 / MILLION,          // https://aws.amazon.com/api-gateway/pricing/ (HTTP APIs, first 300 million)
            1.00 / MILLION,          // https://aws.amazon.com/api-gateway/pricing/ (WebSocket, first 1 billion messages)
            0.25 / MILLION,          // https://aws.amazon.com/api-gateway/pricing/ (WebSocket connection minutes)
            0.625 / MILLION,         // https://aws.amazon.com/dynamodb/pricing/on-demand/ (write request units)
            0.125 / MILLION,         // https://aws.amazon.com/dynamodb/pricing/on-demand/ (read request units)
            0.25,                    // https://aws.amazon.com/dynamodb/pricing/on-demand/ (data storage)
            0.02 / 100_000,          // https://aws.amazon.com/dynamodb/pricing/on-demand/ (Streams)
            0.40 / MILLION,          // https://aws.amazon.com/sqs/pricing/ (standard, after the free first million)
            0.50);                   // https://aws.amazon.com/cloudwatch/pricing/ (Logs, collect/ingest)

    /** Where each price comes from, for the printed table. */
    public static final List<String> SOURCES = List.of(
            "https://aws.amazon.com/lambda/pricing/",
            "https://aws.amazon.com/api-gateway/pricing/",
            "https://aws.amazon.com/dynamodb/pricing/on-demand/",
            "https://aws.amazon.com/sqs/pricing/",
            "https://aws.amazon.com/cloudwatch/pricing/");

    /** The date the table was recorded. */
    public static final String RECORDED = "2026-12-02";
}
