#!/usr/bin/env python3
"""Which parameter changes make SAM publish a new Lambda version (and SnapStart snapshot)?

Transforms template.yaml with aws-sam-translator (pip install aws-sam-translator; no AWS access needed) for a
base set of parameter values and for variants, and prints the AWS::Lambda::Version logical ids that differ from
the base. CloudFormation creates a new version exactly when that logical id changes.
    python3 infra/check-version-publishing.py [template.yaml]
"""
import json
import os
import sys

import yaml
from samtranslator.translator.transform import transform


class NoManagedPolicies:
    def load(self):
        return {}


def cfn_loader():
    """YAML with CloudFormation's short-form tags (!Ref, !Sub, ...) as their long form."""
    loader = yaml.SafeLoader

    def construct(tag):
        name = "Ref" if tag == "Ref" else "Fn::" + tag

        def build(load, node):
            if isinstance(node, yaml.ScalarNode):
                value = load.construct_scalar(node)
                if tag == "GetAtt":
                    value = value.split(".", 1)
            elif isinstance(node, yaml.SequenceNode):
                value = load.construct_sequence(node, deep=True)
            else:
                value = load.construct_mapping(node, deep=True)
            return {name: value}
        return build

    for tag in ["Ref", "Sub", "GetAtt", "Join", "If", "Equals", "Not", "And", "Or", "Select", "Split",
                "FindInMap", "ImportValue", "Base64", "Condition", "GetAZs", "Cidr"]:
        loader.add_constructor("!" + tag, construct(tag))
    return loader


BASE = {"HubSpotAppId": "1160452", "HubSpotClientSecret": "s1", "SalesforceClientId": "c",
        "SalesforceClientSecret": "s2", "LogRetentionDays": "30", "ConfigDigest": "a" * 64,
        "AWS::Region": "us-east-1", "AWS::AccountId": "123456789012", "AWS::Partition": "aws"}


def versions(template, parameters, code_key="function-zip-md5-1"):
    template = json.loads(json.dumps(template))
    # What `sam deploy` does first: upload target/function.zip and point CodeUri at it (key = the zip's MD5).
    template["Globals"]["Function"]["CodeUri"] = "s3://sam-artifacts/" + code_key
    out = transform(template, parameters, NoManagedPolicies())
    return {name.split("Version")[0]: name for name, r in out["Resources"].items()
            if r["Type"] == "AWS::Lambda::Version"}


def main():
    os.environ.setdefault("AWS_DEFAULT_REGION", "us-east-1")  # the translator wants one; nothing is called
    path = sys.argv[1] if len(sys.argv) > 1 else "template.yaml"
    with open(path) as f:
        template = yaml.load(f, Loader=cfn_loader())
    base = versions(template, BASE)
    print(f"{len(base)} versions, e.g. {sorted(base.values())[0]}")
    for change in [{"HubSpotAppId": "999"}, {"LogRetentionDays": "90"}, {"SalesforceClientId": "other"},
                   {"ConfigDigest": "b" * 64}]:
        variant = versions(template, {**BASE, **change})
        changed = sorted(k for k in base if base[k] != variant.get(k))
        print(f"{change}: {len(changed)} of {len(base)} version logical ids change"
              + (f" (e.g. {base[changed[0]]} -> {variant[changed[0]]})" if changed else ""))
    variant = versions(template, BASE, code_key="function-zip-md5-2")
    changed = sorted(k for k in base if base[k] != variant.get(k))
    print(f"new function.zip, same parameters: {len(changed)} of {len(base)} version logical ids change")
    empty = {**BASE, "ConfigDigest": ""}
    before, after = versions(template, empty), versions(template, empty, code_key="function-zip-md5-2")
    changed = sorted(k for k in before if before[k] != after.get(k))
    print(f"ConfigDigest empty (a deploy outside make), new function.zip: {len(changed)} of {len(before)} change")


if __name__ == "__main__":
    main()
