package com.leadpipe.cli;

import java.io.PrintWriter;
import java.net.URI;
import java.util.Optional;
import java.util.concurrent.Callable;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.ScopeType;
import software.amazon.awssdk.auth.credentials.DefaultCredentialsProvider;
import software.amazon.awssdk.regions.Region;
import software.amazon.awssdk.regions.providers.DefaultAwsRegionProviderChain;
import software.amazon.awssdk.services.cloudformation.CloudFormationClient;
import software.amazon.awssdk.services.cloudformation.model.Output;
import software.amazon.awssdk.services.cloudformation.model.Stack;

/**
 * {@code leadpipe}: the marketer's desk on the command line, a client of the admin API.
 *
 * <p>Exit codes: 0 done; 1 the API refused the request (400) or it failed; 2 wrong usage; 3 not
 * found (campaign, person); 4 the API or AWS could not be reached or signed for; 5 cancelled.
 */
@Command(name = "leadpipe", mixinStandardHelpOptions = true, version = "leadpipe 0.1.0",
        description = "Funnel, leads, exports and privacy requests of a Leadpipe stack.",
        subcommands = {Commands.Campaigns.class, Commands.Funnel.class, LeadCommands.Leads.class, LeadCommands.Lead.class,
                PrivacyCommands.Privacy.class, CommandLine.HelpCommand.class})
public final class Leadpipe implements Callable<Integer> {

    static final int OK = 0;
    static final int FAILED = 1;
    static final int NOT_FOUND = 3;
    static final int UNREACHABLE = 4;
    static final int CANCELLED = 5;

    @Option(names = "--stack", scope = ScopeType.INHERIT, description = "CloudFormation stack: the API URL from its outputs.")
    String stack;

    @Option(names = "--url", scope = ScopeType.INHERIT, description = "The API's base URL (https://...execute-api...).")
    String url;

    @Option(names = "--local", scope = ScopeType.INHERIT, arity = "0..1", fallbackValue = "http://127.0.0.1:3000",
            description = "The local runner (unsigned), default http://127.0.0.1:3000.")
    String local;

    @Option(names = "--region", scope = ScopeType.INHERIT, description = "AWS region (default: the SDK's chain).")
    String region;

    @CommandLine.Spec
    CommandLine.Model.CommandSpec spec;

    public static void main(String[] args) {
        System.exit(run(new PrintWriter(System.out, true), new PrintWriter(System.err, true), args));
    }

    /** Runs a command line, writing to {@code out} and {@code err}: the exit code. */
    static int run(PrintWriter out, PrintWriter err, String... args) {
        CommandLine cli = new CommandLine(new Leadpipe());
        cli.setOut(out).setErr(err);
        cli.setExecutionExceptionHandler((e, line, parsed) -> {
            line.getErr().println("leadpipe: " + e.getMessage());
            return e instanceof java.io.UncheckedIOException || e instanceof software.amazon.awssdk.core.exception.SdkClientException
                    ? UNREACHABLE : FAILED;
        });
        return cli.execute(args);
    }

    @Override
    public Integer call() {
        spec.commandLine().usage(spec.commandLine().getOut());
        return OK;
    }

    /** The API to talk to, from --local, --url or --stack (one of them). */
    AdminApi api() {
        int given = (stack == null ? 0 : 1) + (url == null ? 0 : 1) + (local == null ? 0 : 1);
        if (given != 1) {
            throw new CommandLine.ParameterException(spec.commandLine(),
                    "Say where the API is: one of --stack NAME, --url URL or --local.");
        }
        if (local != null) {
            return new AdminApi(URI.create(local), Optional.empty(), "local");
        }
        Region r = region != null ? Region.of(region) : DefaultAwsRegionProviderChain.builder().build().getRegion();
        URI base = url != null ? URI.create(url) : fromStack(stack, r);
        return new AdminApi(base, Optional.of(DefaultCredentialsProvider.builder().build()), r.id());
    }

    static URI fromStack(String name, Region region) {
        try (CloudFormationClient cfn = CloudFormationClient.builder().region(region)
                .httpClient(software.amazon.awssdk.http.urlconnection.UrlConnectionHttpClient.create()).build()) {
            Stack found = cfn.describeStacks(d -> d.stackName(name)).stacks().get(0);
            for (Output output : found.outputs()) {
                if ("ApiUrl".equals(output.outputKey())) {
                    return URI.create(output.outputValue());
                }
            }
            throw new IllegalStateException("stack " + name + " has no ApiUrl output: is it a Leadpipe stack?");
        }
    }
}
