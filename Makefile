# Build targets for `sam build` (template.yaml: CodeUri: . + Metadata: BuildMethod: makefile).
#
# sam build copies the repository (all of it, minus .git and .aws-sam) into a scratch
# directory and runs `make build-<LogicalId>` there with ARTIFACTS_DIR set. Maven runs
# from the root so the parent POM and shared/ are found, and the artifact is laid out as
# Lambda's Java zip expects: compiled classes at the root, runtime dependency jars in lib/.
#
# By hand:  make build-SubmitFunction ARTIFACTS_DIR=/tmp/submit
#
# Tests are skipped here (CI runs them); the campaign lint bound to the build still runs.
# Extra Maven flags can be passed through MAVEN_ARGS, which Maven itself reads.

SHELL := /bin/bash
.SHELLFLAGS := -euo pipefail -c

# A JDK >= 21, from JAVA_HOME if it qualifies. Deferred (=) so `make help` works without one.
JAVA_HOME_21 = $(shell bash .ci/java-home)
MVNW := sh ./mvnw -B -q

.PHONY: help build-SubmitFunction build-ConfirmFunction build-PagesFunction build-SurveyFunction build-ConfirmationRetryFunction build-NurtureSchedulerFunction build-NurtureSenderFunction build-UnsubscribeFunction build-BounceFunction build-HandoffFunction build-LeadEventsFunction build-AdminFunction

help:
	@echo "Targets (used by sam build): build-SubmitFunction build-ConfirmFunction build-PagesFunction build-SurveyFunction build-ConfirmationRetryFunction build-NurtureSchedulerFunction build-NurtureSenderFunction build-UnsubscribeFunction build-BounceFunction build-HandoffFunction build-LeadEventsFunction build-AdminFunction"
	@echo "Each needs ARTIFACTS_DIR=<dir>."

build-SubmitFunction:
	$(call lambda_zip,submit)

build-ConfirmFunction:
	$(call lambda_zip,confirm)

build-PagesFunction:
	$(call lambda_zip,pages)

build-SurveyFunction:
	$(call lambda_zip,survey)

build-ConfirmationRetryFunction:
	$(call lambda_zip,confirmation-retry)

build-NurtureSchedulerFunction:
	$(call lambda_zip,nurture-scheduler)

build-NurtureSenderFunction:
	$(call lambda_zip,nurture-sender)

build-UnsubscribeFunction:
	$(call lambda_zip,unsubscribe)

build-BounceFunction:
	$(call lambda_zip,bounces)

build-HandoffFunction:
	$(call lambda_zip,handoff)

build-LeadEventsFunction:
	$(call lambda_zip,lead-events)

build-AdminFunction:
	$(call lambda_zip,admin)

# $(1): module directory under functions/.
# clean: sam's scratch copy includes whatever target/ dirs the checkout has; cleaning means
# the zip holds only what the current sources produce (no classes of deleted files, no old jars).
# The layout itself (classes at the root, runtime jars in lib/) is made by Maven's package phase
# in functions/$(1)/target/lambda (root pom.xml), the same directory the conformance tests run.
define lambda_zip
	@test -n "$(ARTIFACTS_DIR)" || { echo "ARTIFACTS_DIR is not set (sam build sets it)" >&2; exit 2; }
	@jh="$(JAVA_HOME_21)"; test -n "$$jh" || { echo "no JDK >= 21 found; set JAVA_HOME" >&2; exit 2; }; \
	echo "functions/$(1): building with JAVA_HOME=$$jh"; \
	JAVA_HOME="$$jh" $(MVNW) -pl functions/$(1) -am clean package -DskipTests
	@test -d functions/$(1)/target/lambda/lib || { echo "functions/$(1) produced no target/lambda (no sources yet?)" >&2; exit 1; }
	mkdir -p "$(ARTIFACTS_DIR)"
	cp -R functions/$(1)/target/lambda/. "$(ARTIFACTS_DIR)/"
endef
