// PactFlow's validator ships no type declarations; these are the parts the differential test uses.
declare module '@pactflow/swagger-mock-validator' {
  export interface ValidationFinding {
    readonly code: string;
    readonly message: string;
  }
  export interface ValidationOutcome {
    readonly errors: readonly ValidationFinding[];
    readonly warnings: readonly ValidationFinding[];
  }
  export interface SwaggerMockValidator {
    validate(options: { specPathOrUrl: string; mockPathOrUrl: string }): Promise<ValidationOutcome>;
  }
  export const SwaggerMockValidatorFactory: { create(): SwaggerMockValidator };
}
