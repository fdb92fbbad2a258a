package com.leadpipe.conformance;

import com.leadpipe.local.Intrinsics;
import com.leadpipe.local.SamTemplate;
import com.leadpipe.testing.AwsEmulators;
import java.nio.file.Path;
import software.amazon.awssdk.services.eventbridge.EventBridgeClient;
import software.amazon.awssdk.services.eventbridge.model.ResourceAlreadyExistsException;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;
import software.amazon.awssdk.services.sesv2.model.AlreadyExistsException;

/**
 * template.yaml made real enough for its functions to run against the emulators: a table and
 * queues from {@link AwsEmulators} for the template's tables and queues, a configuration set,
 * the verified sender, and what {@code Ref} / {@code GetAtt} give for every resource and parameter,
 * so each function's environment (Globals merged, intrinsics resolved) is what CloudFormation
 * would set, with test values.
 */
final class ConformanceStack {

    static final String STACK_NAME = "leadpipe-conformance";
    /** AwsEmulators' region: its SES identities and sent mail live there. */
    static final String REGION = "us-east-1";
    /** The emulators' (moto's) default account. */
    static final String ACCOUNT_ID = "123456789012";
    /** The HTTP API's id: its execute-api host is what the events carry and links point at. */
    static final String API_ID = "conf0api01";

    /** One function of the template, as Lambda would configure it. */
    record Function(String logicalId, String functionName, String handler, int memoryMb, int timeoutSeconds,
                    boolean snapStart, Map<String, String> environment, String logFormat, String logLevel,
                    SamTemplate.Function spec) {

        String arn() {
            return "arn:aws:lambda:" + REGION + ":" + ACCOUNT_ID + ":function:" + functionName + ":live";
        }
    }

    private final SamTemplate template;
    private final Intrinsics intrinsics;
    private final Map<String, String> queueUrls;
    private final String table;
    private final String sender;

    private ConformanceStack(SamTemplate template, Intrinsics intrinsics, Map<String, String> queueUrls, String table,
                             String sender) {
        this.template = template;
        this.intrinsics = intrinsics;
        this.queueUrls = queueUrls;
        this.table = table;
        this.sender = sender;
    }

    static ConformanceStack create(Path templateFile, AwsEmulators aws, String sender) {
        return create(templateFile, aws, sender, true);
    }

    /** @param tableStream false for a table without its change stream (see {@link AwsEmulators#createTable(boolean)}) */
    static ConformanceStack create(Path templateFile, AwsEmulators aws, String sender, boolean tableStream) {
        SamTemplate template = SamTemplate.load(templateFile);
        Map<String, String> refs = new LinkedHashMap<>();
        Map<String, String> attributes = new HashMap<>();
        refs.put("AWS::StackName", STACK_NAME);
        refs.put("AWS::Region", REGION);
        refs.put("AWS::AccountId", ACCOUNT_ID);
        refs.put("AWS::Partition", "aws");
        refs.put("AWS::URLSuffix", "amazonaws.com");
        template.parameters().forEach((name, declaration) -> {
            if (declaration.get("Default") != null) {
                refs.put(name, String.valueOf(declaration.get("Default")));
            }
        });
        refs.put("SenderAddress", sender); // the one parameter without a default
        aws.verifySender(sender);

        Intrinsics naming = new Intrinsics(refs, attributes, template.conditions());
        Map<String, String> queueUrls = new LinkedHashMap<>();
        String table = null;
        for (Map.Entry<String, String> resource : template.resourceTypes().entrySet()) {
            String id = resource.getKey();
            switch (resource.getValue()) {
                case "AWS::DynamoDB::Table" -> {
                    table = aws.createTable(tableStream);
                    refs.put(id, table);
                    attributes.put(id + ".Arn", "arn:aws:dynamodb:" + REGION + ":" + ACCOUNT_ID + ":table/" + table);
                    String tableName = table;
                    String streamArn = aws.dynamoDb().describeTable(r -> r.tableName(tableName)).table().latestStreamArn();
                    if (streamArn != null) {
                        attributes.put(id + ".StreamArn", streamArn);
                    }
                }
                case "AWS::Events::EventBus" -> {
                    String name = nameOf(template, naming, id, "Name");
                    try (EventBridgeClient events = aws.clients().configured(EventBridgeClient.builder(), "eventbridge")
                            .build()) {
                        events.createEventBus(r -> r.name(name));
                    } catch (ResourceAlreadyExistsException createdByAnEarlierRun) {
                        // same emulator, same name
                    }
                    refs.put(id, name);
                    attributes.put(id + ".Arn", "arn:aws:events:" + REGION + ":" + ACCOUNT_ID + ":event-bus/" + name);
                }
                case "AWS::SQS::Queue" -> {
                    String url = aws.createQueue(STACK_NAME + "-" + id);
                    String name = url.substring(url.lastIndexOf('/') + 1);
                    queueUrls.put(id, url);
                    refs.put(id, url);
                    attributes.put(id + ".Arn", "arn:aws:sqs:" + REGION + ":" + ACCOUNT_ID + ":" + name);
                    attributes.put(id + ".QueueName", name);
                    attributes.put(id + ".QueueUrl", url);
                }
                case "AWS::SES::ConfigurationSet" -> {
                    String name = nameOf(template, naming, id, "Name");
                    try {
                        aws.sesV2().createConfigurationSet(r -> r.configurationSetName(name));
                    } catch (AlreadyExistsException createdByAnEarlierRun) {
                        // same emulator, same name: the goal is reached
                    }
                    refs.put(id, name);
                }
                case "AWS::SNS::Topic" -> refs.put(id,
                        "arn:aws:sns:" + REGION + ":" + ACCOUNT_ID + ":" + nameOf(template, naming, id, "TopicName"));
                case "AWS::Serverless::HttpApi" -> refs.put(id, API_ID);
                default -> refs.put(id, id);
            }
        }
        if (table == null) {
            throw new IllegalStateException(templateFile + " declares no DynamoDB table");
        }
        return new ConformanceStack(template, new Intrinsics(Map.copyOf(refs), Map.copyOf(attributes),
                template.conditions()), Map.copyOf(queueUrls), table, sender);
    }

    private static String nameOf(SamTemplate template, Intrinsics intrinsics, String id, String property) {
        Object value = template.resourceProperties(id).get(property);
        return value == null ? STACK_NAME + "-" + id
                : intrinsics.resolve(value, "Resources." + id + ".Properties." + property);
    }

    SamTemplate template() {
        return template;
    }

    Intrinsics intrinsics() {
        return intrinsics;
    }

    String table() {
        return table;
    }

    String sender() {
        return sender;
    }

    /** The queue of an SQS resource, by logical id. */
    String queueUrl(String logicalId) {
        return Optional.ofNullable(queueUrls.get(logicalId))
                .orElseThrow(() -> new IllegalArgumentException("no queue " + logicalId + " in the template"));
    }

    /** The execute-api host of the template's HTTP API: the Host header of every API event. */
    static String apiHost() {
        return API_ID + ".execute-api." + REGION + ".amazonaws.com";
    }

    /** Every AWS::Serverless::Function, configured as Lambda would run it. */
    Map<String, Function> functions() {
        Map<String, Function> functions = new LinkedHashMap<>();
        for (SamTemplate.Function f : template.functions()) {
            String where = "Resources." + f.logicalId() + ".Properties";
            if (!"java21".equals(f.properties().get("Runtime"))) {
                throw new IllegalStateException(where + ".Runtime is " + f.properties().get("Runtime")
                        + "; this stage emulates Lambda's java21 managed runtime only");
            }
            Map<String, String> env = new LinkedHashMap<>();
            f.environment().forEach((name, value) ->
                    intrinsics.resolveOptional(value, where + ".Environment.Variables." + name)
                            .ifPresent(v -> env.put(name, v)));
            Map<String, Object> logging = map(f.properties().get("LoggingConfig"));
            Map<String, Object> snapStart = map(f.properties().get("SnapStart"));
            String name = f.properties().get("FunctionName") == null ? STACK_NAME + "-" + f.logicalId()
                    : intrinsics.resolve(f.properties().get("FunctionName"), where + ".FunctionName");
            functions.put(f.logicalId(), new Function(f.logicalId(), name, f.handler(), f.memoryMb(), f.timeoutSeconds(),
                    "PublishedVersions".equals(snapStart.get("ApplyOn")), Map.copyOf(env),
                    resolveOr(logging.get("LogFormat"), where + ".LoggingConfig.LogFormat", "Text"),
                    resolveOr(logging.get("ApplicationLogLevel"), where + ".LoggingConfig.ApplicationLogLevel", null), f));
        }
        return functions;
    }

    private String resolveOr(Object value, String where, String fallback) {
        return value == null ? fallback : intrinsics.resolve(value, where);
    }

    @SuppressWarnings("unchecked")
    private static Map<String, Object> map(Object value) {
        return value instanceof Map<?, ?> m ? (Map<String, Object>) m : Map.of();
    }
}
