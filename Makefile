# crmsync — the commands in the README. Needs JDK 17, Maven and Node.js/npm; everything else is fetched.
SHELL := /bin/bash
MVN ?= mvn -B
NODE_TOOLS := infra/local/node_modules/.package-lock.json
CLASSPATH_FILE := target/test-classpath.txt
CLI := target/crmsync

.PHONY: test build run deploy sandboxes bench faults mappings settings crmsync readme clean help

help:
	@echo "make run        build function.zip, start local AWS + CRM sandboxes + the functions, sync demo contacts"
	@echo "make test       unit, function and end-to-end tests on local servers (CI runs this)"
	@echo "make build      target/function.zip, the one Lambda deployable, and target/crmsync, the admin CLI (needs only Java 17: copy it with target/crmsync-cli.jar)"
	@echo "make deploy     sam deploy template.yaml to your AWS account (needs AWS credentials and the SAM CLI); PARAMS='Key=Value ...' for this deploy only"
	@echo "make sandboxes  only the HubSpot and Salesforce sandboxes, standalone"
	@echo "make bench      performance figures on the local stack, printed and written to target/bench.json"
	@echo "make faults     fault scenarios on the local stack (redelivery, CRM outage, racing workers): nothing lost, nothing twice; table and target/faults.json"
	@echo "make mappings   TENANT=<id> FILE=<mappings.yaml> [ACTION=validate|plan|apply|get|reimport]: mapping-admin against \`make run\`"
	@echo "make settings   TENANT=<id> [FILE=<settings.json>]: show the tenant's settings, or change them (checked first)"
	@echo "make readme     the README's architecture diagram and tables, made again from template.yaml and the source tree"
	@echo "make crmsync    ARGS=\"tenants list\" (or \"connect acme hubspot\", \"health acme\", \"page\" for the health page, \"--help\", …): target/crmsync, built if needed, against the admin API of \`make run\`, or of a deployed stack with CRMSYNC_ADMIN_URL=https://<id>.lambda-url.<region>.on.aws/ (signed with your AWS credentials)"

$(NODE_TOOLS): infra/local/package.json infra/local/package-lock.json
	cd infra/local && npm ci --no-audit --no-fund
	@touch $@

test: $(NODE_TOOLS)
	$(MVN) verify

build:
	$(MVN) package -DskipTests

$(CLASSPATH_FILE): pom.xml
	@mkdir -p target
	$(MVN) -q dependency:build-classpath -Dmdep.includeScope=test -Dmdep.outputFile=$(CLASSPATH_FILE)

run: $(NODE_TOOLS)
	$(MVN) -q package -DskipTests
	$(MVN) -q test-compile
	@$(MAKE) --no-print-directory $(CLASSPATH_FILE)
	java -Djava.util.logging.manager=org.jboss.logmanager.LogManager -cp "target/test-classes:target/classes:$$(cat $(CLASSPATH_FILE))" io.crmsync.devstack.DevStack

sandboxes:
	$(MVN) -q test-compile
	@$(MAKE) --no-print-directory $(CLASSPATH_FILE)
	java -Djava.util.logging.manager=org.jboss.logmanager.LogManager -cp "target/test-classes:target/classes:$$(cat $(CLASSPATH_FILE))" io.crmsync.sandbox.SandboxMain

bench: $(NODE_TOOLS)
	$(MVN) -q package -DskipTests
	$(MVN) -q test-compile
	@$(MAKE) --no-print-directory $(CLASSPATH_FILE)
	java $(BENCH_OPTS) -Djava.util.logging.manager=org.jboss.logmanager.LogManager -Dquarkus.log.level=WARN -cp "target/test-classes:target/classes:$$(cat $(CLASSPATH_FILE))" io.crmsync.bench.Bench

# FAULTS_OPTS='-Dfaults.only=race -Dfaults.records=100' picks scenarios and sizes (see io.crmsync.faults.Scenarios).
faults: $(NODE_TOOLS)
	$(MVN) -q package -DskipTests
	$(MVN) -q test-compile
	@$(MAKE) --no-print-directory $(CLASSPATH_FILE)
	java $(FAULTS_OPTS) -Djava.util.logging.manager=org.jboss.logmanager.LogManager -Dquarkus.log.level=WARN -cp "target/test-classes:target/classes:$$(cat $(CLASSPATH_FILE))" io.crmsync.faults.Faults

# The mapping-admin function from function.zip against a running `make run` (its sandboxes and its dynalite,
# whose endpoint it printed: CRMSYNC_RUN_DYNAMO=http://127.0.0.1:<port>). ACTION defaults to plan.
mappings:
	@test -n "$(TENANT)" || { echo "usage: make mappings TENANT=<id> FILE=<mappings.yaml> [ACTION=validate|plan|apply|get|reimport]"; exit 2; }
	@test -f target/function.zip || $(MVN) -q package -DskipTests
	$(MVN) -q test-compile
	@$(MAKE) --no-print-directory $(CLASSPATH_FILE)
	@java -Djava.util.logging.manager=org.jboss.logmanager.LogManager -Dquarkus.log.level=WARN -cp "target/test-classes:target/classes:$$(cat $(CLASSPATH_FILE))" io.crmsync.devstack.MappingsCli "$(TENANT)" "$(or $(ACTION),plan)" "$(FILE)"

# The tenant's settings through the same function: shown without FILE, changed (keys in FILE only) with it.
settings:
	@test -n "$(TENANT)" || { echo "usage: make settings TENANT=<id> [FILE=<settings.json>]"; exit 2; }
	@test -f target/function.zip || $(MVN) -q package -DskipTests
	$(MVN) -q test-compile
	@$(MAKE) --no-print-directory $(CLASSPATH_FILE)
	@java -Djava.util.logging.manager=org.jboss.logmanager.LogManager -Dquarkus.log.level=WARN -cp "target/test-classes:target/classes:$$(cat $(CLASSPATH_FILE))" io.crmsync.devstack.MappingsCli "$(TENANT)" "$(if $(FILE),put-settings,get-settings)" "$(FILE)"

# The CLI `make build` ships (target/crmsync, the launcher of target/crmsync-cli.jar), rebuilt when its sources or
# the POM changed. Against a running `make run` (its Function URL at port base + 4) or CRMSYNC_ADMIN_URL;
# `make crmsync` alone lists the commands.
$(CLI): pom.xml src/main/cli/crmsync $(wildcard src/main/java/io/crmsync/cli/*.java)
	$(MVN) -q package -DskipTests
	@touch $@

crmsync: $(CLI)
	@$(CLI) $(ARGS)

# First time `sam deploy --guided` (parameters kept in samconfig.toml); then sam deploy with ConfigDigest, a hash of
# function.zip, template.yaml and the parameter values, so any change publishes new versions and SnapStart
# snapshots (see infra/deploy.sh). PARAMS='Key=Value ...' overrides samconfig.toml's parameters for this deploy.
deploy: build
	PARAMS="$(PARAMS)" infra/deploy.sh

# The README's architecture diagram and tables, made again from template.yaml and the package-infos
# (ReadmeTest fails while they differ).
readme:
	$(MVN) -q test-compile
	@$(MAKE) --no-print-directory $(CLASSPATH_FILE)
	@java -cp "target/test-classes:target/classes:$$(cat $(CLASSPATH_FILE))" io.crmsync.architecture.ReadmeTables

clean:
	$(MVN) -q clean
