export declare const CLI_OUT: string;
export declare const CLI_ENTRY: string;
export declare function sourceFingerprint(): string;
export declare function ensureCliBuilt(): Promise<boolean>;
