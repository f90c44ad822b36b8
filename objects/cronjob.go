package objects

// CronJob (batch/v1) with the fields vmfleet sets.
type CronJob struct {
	TypeMeta   `json:",inline"`
	ObjectMeta `json:"metadata"`
	Spec       CronJobSpec `json:"spec"`
}

type CronJobSpec struct {
	Schedule                   string          `json:"schedule"`
	ConcurrencyPolicy          string          `json:"concurrencyPolicy"`
	SuccessfulJobsHistoryLimit *int32          `json:"successfulJobsHistoryLimit,omitempty"`
	FailedJobsHistoryLimit     *int32          `json:"failedJobsHistoryLimit,omitempty"`
	JobTemplate                JobTemplateSpec `json:"jobTemplate"`
}

type JobTemplateSpec struct {
	Spec JobSpec `json:"spec"`
}

type JobSpec struct {
	BackoffLimit *int32          `json:"backoffLimit,omitempty"`
	Template     PodTemplateSpec `json:"template"`
}

type PodTemplateSpec struct {
	Metadata *ObjectMeta `json:"metadata,omitempty"`
	Spec     PodSpec     `json:"spec"`
}

type PodSpec struct {
	ServiceAccountName string      `json:"serviceAccountName"`
	RestartPolicy      string      `json:"restartPolicy"`
	Containers         []Container `json:"containers"`
}

type Container struct {
	Name    string   `json:"name"`
	Image   string   `json:"image"`
	Command []string `json:"command"`
	Env     []EnvVar `json:"env,omitempty"`
}

type EnvVar struct {
	Name  string `json:"name"`
	Value string `json:"value"`
}
