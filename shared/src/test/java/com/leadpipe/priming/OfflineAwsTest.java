package com.leadpipe.priming;

import static org.assertj.core.api.Assertions.assertThat;

import com.leadpipe.aws.AwsClients;
import com.leadpipe.config.LeadpipeConfig;
import com.leadpipe.log.Log;
import java.util.Map;
import org.junit.jupiter.api.Test;
import software.amazon.awssdk.services.dynamodb.DynamoDbClient;
import software.amazon.awssdk.services.dynamodb.model.AttributeValue;
import software.amazon.awssdk.services.dynamodb.model.GetItemResponse;
import software.amazon.awssdk.services.dynamodb.model.UpdateItemResponse;

/** The offline client's answers go through the real SDK client's success path, checks included. */
class OfflineAwsTest {

    final OfflineAws offline = new OfflineAws();
    final DynamoDbClient dynamo = AwsClients.offline(
            new LeadpipeConfig.Runtime("eu-west-1", false, Log.Level.INFO, AwsClients.Timeouts.DEFAULT), offline).dynamoDb();

    static Map<String, AttributeValue> key(String pk) {
        return Map.of("PK", AttributeValue.fromS(pk), "SK", AttributeValue.fromS("VIEWS"));
    }

    @Test
    void anUpdateIsAppliedAndAnsweredWithConsumedCapacityUnderAValidCrc32() {
        // The SDK checks DynamoDB's x-amz-crc32 header against the body: a wrong one would throw here.
        UpdateItemResponse updated = dynamo.updateItem(b -> b.tableName("leads").key(key("CAMPAIGN#demo"))
                .updateExpression("SET #views = :one").expressionAttributeNames(Map.of("#views", "views"))
                .expressionAttributeValues(Map.of(":one", AttributeValue.fromN("1"))));

        assertThat(updated.consumedCapacity().tableName()).isEqualTo("leads");
        assertThat(updated.consumedCapacity().capacityUnits()).isEqualTo(1.0);
        assertThat(updated.sdkHttpResponse().firstMatchingHeader("x-amz-crc32")).isPresent();
        GetItemResponse read = dynamo.getItem(b -> b.tableName("leads").key(key("CAMPAIGN#demo")));
        assertThat(read.item()).containsEntry("views", AttributeValue.fromN("1"));
    }

    @Test
    void aKeyNothingWroteIsNotFoundAndClearForgetsWhatWasWritten() {
        dynamo.putItem(b -> b.tableName("leads").item(Map.of("PK", AttributeValue.fromS("LEAD#x"),
                "SK", AttributeValue.fromS("VIEWS"), "n", AttributeValue.fromN("2"))));
        assertThat(dynamo.getItem(b -> b.tableName("leads").key(key("LEAD#x"))).hasItem()).isTrue();

        offline.clear();

        assertThat(dynamo.getItem(b -> b.tableName("leads").key(key("LEAD#x"))).hasItem()).isFalse();
        assertThat(dynamo.getItem(b -> b.tableName("leads").key(key("LEAD#never"))).hasItem()).isFalse();
    }
}
