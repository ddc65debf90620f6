import Testing
import TandemAPI
@testable import TandemValidation

/// Templates are validated at their own path, with the workload's template rules.
struct WorkloadRuleTests {
    static let template = PodTemplateSpec(metadata: ObjectMeta(labels: ["app": "web"]),
                                          spec: PodSpec(containers: [Container(name: "app", image: "x")]))

    @Test func jobWithoutRestartPolicyIsRejectedAfterDefaulting() {
        let job = Job(metadata: ObjectMeta(name: "pi"), spec: JobSpec(template: Self.template))
        #expect(PodValidation.validate(job: job).map(\.description)
                == [#"spec.template.spec.restartPolicy: Unsupported value: "Always": supported values: "OnFailure", "Never""#])
    }

    @Test func jobRawRestartPolicyIsRequired() {
        let job = Job(metadata: ObjectMeta(name: "pi"), spec: JobSpec(template: Self.template))
        let errors = PodValidation.validate(job: job, options: .init(applyDefaults: false)).map(\.description)
        #expect(errors.contains("spec.template.spec.restartPolicy: Required value"))
        #expect(errors.contains(#"spec.template.spec.restartPolicy: Unsupported value: "": supported values: "OnFailure", "Never""#))
    }

    @Test func jobBoundsAndTemplatePaths() {
        var template = Self.template
        template.spec?.restartPolicy = "Never"
        template.spec?.initContainers = [Container(name: "side", image: "x", restartPolicy: "OnFailure")]
        let job = Job(metadata: ObjectMeta(name: "pi"), spec: JobSpec(parallelism: -1, backoffLimit: -2, template: template))
        #expect(PodValidation.validate(job: job).map(\.description) == [
            "spec.parallelism: Invalid value: -1: must be greater than or equal to 0",
            "spec.backoffLimit: Invalid value: -2: must be greater than or equal to 0",
            #"spec.template.spec.initContainers[0].restartPolicy: Unsupported value: "OnFailure": supported values: "Always""#,
        ])
    }

    @Test func cronJobTemplatePath() {
        var template = Self.template
        template.spec?.restartPolicy = "OnFailure"
        template.spec?.containers?[0].restartPolicy = "Always"
        let cronJob = CronJob(metadata: ObjectMeta(name: "tick"),
                              spec: CronJobSpec(schedule: "* * * * *", jobTemplate: JobTemplateSpec(spec: JobSpec(template: template))))
        #expect(PodValidation.validate(cronJob: cronJob).map(\.description)
                == ["spec.jobTemplate.spec.template.spec.containers[0].restartPolicy: Forbidden: may not be set for non-init containers"])
    }

    @Test func deploymentSelectorAndRestartPolicy() {
        var template = Self.template
        template.spec?.restartPolicy = "Never"
        let deployment = Deployment(metadata: ObjectMeta(name: "web"),
                                    spec: DeploymentSpec(selector: .object(["matchLabels": .object(["app": .string("other")])]), template: template))
        #expect(PodValidation.validate(deployment: deployment).map(\.description) == [
            #"spec.template.metadata.labels: Invalid value: map[string]string{"app":"web"}: `selector` does not match template `labels`"#,
            #"spec.template.spec.restartPolicy: Unsupported value: "Never": supported values: "Always""#,
        ])
        let noSelector = Deployment(metadata: ObjectMeta(name: "web"), spec: DeploymentSpec(template: Self.template))
        #expect(PodValidation.validate(deployment: noSelector).map(\.description) == ["spec.selector: Required value"])
    }

    @Test func templateSpecAtArbitraryPath() {
        let errors = PodValidation.validate(templateSpec: PodSpec(), metadata: nil, specPath: "spec.template.spec")
        #expect(errors.map(\.description) == ["spec.template.spec.containers: Required value"])
    }
}
