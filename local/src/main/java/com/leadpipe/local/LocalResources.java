package com.leadpipe.local;

import com.leadpipe.json.JsonTree;
import com.leadpipe.store.LeadpipeTable;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.Map;
import software.amazon.awssdk.services.dynamodb.DynamoDbClient;
import software.amazon.awssdk.services.dynamodb.model.DynamoDbException;
import software.amazon.awssdk.services.dynamodb.model.ResourceNotFoundException;
import software.amazon.awssdk.services.dynamodb.waiters.DynamoDbWaiter;
import software.amazon.awssdk.services.eventbridge.EventBridgeClient;
import software.amazon.awssdk.services.eventbridge.model.ResourceAlreadyExistsException;
import software.amazon.awssdk.services.sesv2.SesV2Client;
import software.amazon.awssdk.services.sesv2.model.AlreadyExistsException;
import software.amazon.awssdk.services.sqs.SqsClient;
import software.amazon.awssdk.services.sqs.model.QueueAttributeName;

/**
 * The template's resources, made locally: every DynamoDB table, SQS queue and SES configuration
 * set it declares, plus the verified sender identity. Collects what {@code Ref} and
 * {@code GetAtt} give for them, and for parameters (their defaults, or the runner's overrides),
 * so function environments can be resolved as CloudFormation would.
 */
public final class LocalResources {

    public static final String STACK_NAME = "leadpipe-local";

    private final Map<String, String> refs = new LinkedHashMap<>();
    private final Map<String, String> attributes = new HashMap<>();
    private final Map<String, String> queueUrls = new LinkedHashMap<>();
    private final Map<String, String> tables = new LinkedHashMap<>();
    private final Map<String, Object> conditions;

    private LocalResources(Map<String, Object> conditions) {
        this.conditions = conditions;
    }

    /** @param parameterOverrides values for template parameters (e.g. SenderAddress), over their defaults */
    public static LocalResources create(SamTemplate template, Map<String, String> parameterOverrides,
                                        DynamoDbClient dynamoDb, SesV2Client ses, SqsClient sqs, String senderAddress) {
        LocalResources resources = new LocalResources(template.conditions());
        resources.pseudoParameters();
        resources.parameters(template, parameterOverrides);
        for (String id : template.resourcesOfType("AWS::DynamoDB::Table")) {
            resources.table(template, id, dynamoDb);
        }
        for (String id : template.resourcesOfType("AWS::SQS::Queue")) {
            resources.queue(template, id, sqs);
        }
        resources.redrivePolicies(template, sqs);
        for (String id : template.resourcesOfType("AWS::SES::ConfigurationSet")) {
            resources.configurationSet(template, id, ses);
        }
        for (SamTemplate.Function function : template.functions()) {
            resources.refs.put(function.logicalId(), resources.functionName(function));
        }
        template.resourceTypes().keySet().forEach(id -> resources.refs.putIfAbsent(id, id));
        try {
            ses.createEmailIdentity(r -> r.emailIdentity(senderAddress)); // emulators verify at once
        } catch (AlreadyExistsException alreadyThere) {
            // verified in an earlier run of the same emulator
        }
        return resources;
    }

    /**
     * The template's EventBridge buses, made in the emulator (its {@code Name}, resolved); their
     * {@code Ref} (the name) and {@code Arn} from then on. Name by logical id.
     */
    public Map<String, String> eventBuses(SamTemplate template, EventBridgeClient events) {
        Map<String, String> buses = new LinkedHashMap<>();
        for (String id : template.resourcesOfType("AWS::Events::EventBus")) {
            String name = nameProperty(template, id, "Name");
            try {
                events.createEventBus(r -> r.name(name));
            } catch (ResourceAlreadyExistsException alreadyThere) {
                // made by an earlier run of the same emulator
            }
            refs.put(id, name);
            attributes.put(id + ".Arn", LocalAws.arn("events", "event-bus/" + name));
            attributes.put(id + ".Name", name);
            buses.put(id, name);
        }
        return buses;
    }

    public Intrinsics intrinsics() {
        return new Intrinsics(Map.copyOf(refs), Map.copyOf(attributes), conditions);
    }

    /** Queue URL by logical id. */
    public Map<String, String> queueUrls() {
        return Map.copyOf(queueUrls);
    }

    /** Table name by logical id. */
    public Map<String, String> tables() {
        return Map.copyOf(tables);
    }

    /** The function's FunctionName as the template resolves it, else what CloudFormation would make up. */
    public String functionName(SamTemplate.Function function) {
        Object name = function.properties().get("FunctionName");
        return name == null ? STACK_NAME + "-" + function.logicalId()
                : intrinsics().resolve(name, "Resources." + function.logicalId() + ".Properties.FunctionName");
    }

    private void pseudoParameters() {
        refs.put("AWS::StackName", STACK_NAME);
        refs.put("AWS::Region", LocalAws.REGION.id());
        refs.put("AWS::AccountId", LocalAws.ACCOUNT_ID);
        refs.put("AWS::Partition", "aws");
        refs.put("AWS::URLSuffix", "amazonaws.com");
    }

    private void parameters(SamTemplate template, Map<String, String> overrides) {
        template.parameters().forEach((name, declaration) -> {
            if (overrides.containsKey(name)) {
                refs.put(name, overrides.get(name));
            } else if (declaration.get("Default") != null) {
                refs.put(name, String.valueOf(declaration.get("Default")));
            }
            // no default and no override: a Ref to it fails with a message naming the place
        });
    }

    private void table(SamTemplate template, String id, DynamoDbClient dynamoDb) {
        String name = nameProperty(template, id, "TableName");
        // The table's schema lives in LeadpipeTable, the same declaration the tests create theirs from.
        try {
            dynamoDb.describeTable(r -> r.tableName(name));
        } catch (ResourceNotFoundException missing) {
            dynamoDb.createTable(LeadpipeTable.createTableRequest(name));
            try (DynamoDbWaiter waiter = DynamoDbWaiter.builder().client(dynamoDb).build()) {
                waiter.waitUntilTableExists(r -> r.tableName(name));
            }
            try {
                dynamoDb.updateTimeToLive(r -> r.tableName(name).timeToLiveSpecification(
                        ttl -> ttl.attributeName(LeadpipeTable.EXPIRES_AT).enabled(true)));
            } catch (DynamoDbException unsupported) {
                // readers check expiresAt themselves; TTL sweeps are only housekeeping
            }
        }
        tables.put(id, name);
        refs.put(id, name);
        attributes.put(id + ".Arn", LocalAws.arn("dynamodb", "table/" + name));
        String stream = dynamoDb.describeTable(r -> r.tableName(name)).table().latestStreamArn();
        if (stream != null) {
            attributes.put(id + ".StreamArn", stream);
        }
    }

    private void queue(SamTemplate template, String id, SqsClient sqs) {
        Map<String, Object> properties = template.resourceProperties(id);
        boolean fifo = Boolean.TRUE.equals(properties.get("FifoQueue")) || "true".equals(properties.get("FifoQueue"));
        String name = nameProperty(template, id, "QueueName");
        if (fifo && !name.endsWith(".fifo")) {
            name += ".fifo";
        }
        Map<QueueAttributeName, String> queueAttributes = new HashMap<>();
        copy(properties, "VisibilityTimeout", queueAttributes, QueueAttributeName.VISIBILITY_TIMEOUT);
        copy(properties, "MessageRetentionPeriod", queueAttributes, QueueAttributeName.MESSAGE_RETENTION_PERIOD);
        copy(properties, "DelaySeconds", queueAttributes, QueueAttributeName.DELAY_SECONDS);
        if (fifo) {
            queueAttributes.put(QueueAttributeName.FIFO_QUEUE, "true");
        }
        String queueName = name;
        String url = sqs.createQueue(r -> r.queueName(queueName).attributes(queueAttributes)).queueUrl();
        queueUrls.put(id, url);
        refs.put(id, url);
        attributes.put(id + ".Arn", LocalAws.arn("sqs", name));
        attributes.put(id + ".QueueName", name);
        attributes.put(id + ".QueueUrl", url);
    }

    /** After every queue exists, so a dead-letter queue declared later can be pointed at. */
    private void redrivePolicies(SamTemplate template, SqsClient sqs) {
        for (String id : template.resourcesOfType("AWS::SQS::Queue")) {
            Map<String, Object> redrive = SamTemplate.map(template.resourceProperties(id).get("RedrivePolicy"));
            if (redrive.isEmpty()) {
                continue;
            }
            String where = "Resources." + id + ".Properties.RedrivePolicy";
            String deadLetterArn = intrinsics().resolve(redrive.get("deadLetterTargetArn"), where + ".deadLetterTargetArn");
            String maxReceiveCount = intrinsics().resolve(redrive.get("maxReceiveCount"), where + ".maxReceiveCount");
            Map<String, Object> redrivePolicy = new LinkedHashMap<>();
            redrivePolicy.put("deadLetterTargetArn", deadLetterArn);
            redrivePolicy.put("maxReceiveCount", Long.valueOf(maxReceiveCount.strip()));
            String policy = JsonTree.write(redrivePolicy);
            sqs.setQueueAttributes(r -> r.queueUrl(queueUrls.get(id))
                    .attributes(Map.of(QueueAttributeName.REDRIVE_POLICY, policy)));
        }
    }

    private void configurationSet(SamTemplate template, String id, SesV2Client ses) {
        String name = nameProperty(template, id, "Name");
        try {
            ses.createConfigurationSet(r -> r.configurationSetName(name));
        } catch (AlreadyExistsException alreadyThere) {
            // created in an earlier run of the same emulator
        }
        refs.put(id, name);
    }

    /** The resource's own name property resolved, else {@code <stack>-<LogicalId>} (stable across runs). */
    private String nameProperty(SamTemplate template, String id, String property) {
        Object value = template.resourceProperties(id).get(property);
        return value == null ? STACK_NAME + "-" + id
                : intrinsics().resolve(value, "Resources." + id + ".Properties." + property);
    }

    private void copy(Map<String, Object> properties, String property, Map<QueueAttributeName, String> into,
                      QueueAttributeName attribute) {
        Object value = properties.get(property);
        if (value != null) {
            into.put(attribute, intrinsics().resolve(value, "queue property " + property));
        }
    }

    /** Function environments resolved: what each function would find in {@code System.getenv()}. */
    public Map<String, String> environment(SamTemplate.Function function) {
        Map<String, String> env = new LinkedHashMap<>();
        String where = "Resources." + function.logicalId() + ".Properties.Environment.Variables.";
        Intrinsics intrinsics = intrinsics();
        function.environment().forEach((name, value) ->
                intrinsics.resolveOptional(value, where + name).ifPresent(v -> env.put(name, v)));
        return env;
    }
}
