package dev.javabgp.calico.resource;

/** The API groups and versions a resource may be written under. */
public enum ApiVersion implements Spelled {
    /** What calicoctl and Calico's API server read and write. */
    PROJECTCALICO_V3("projectcalico.org/v3"),
    /** The custom resources Calico keeps in the Kubernetes datastore. */
    CRD_V1("crd.projectcalico.org/v1"),
    /** The Tigera operator's resources, such as {@code Installation}. */
    OPERATOR_V1("operator.tigera.io/v1");

    private final String spelling;

    ApiVersion(String spelling) {
        this.spelling = spelling;
    }

    @Override
    public String spelling() {
        return spelling;
    }
}
