/**
 * Minimal protobufjs descriptor for ONNX ModelProto. Field numbers are facts from onnx/onnx.proto:
 *   ModelProto        ir_version=1 producer_name=2 producer_version=3 domain=4 doc_string=6 graph=7
 *                     opset_import=8 metadata_props=14 training_info=20 functions=25
 *   OperatorSetIdProto domain=1 version=2
 *   StringStringEntryProto key=1 value=2
 *   GraphProto        node=1 name=2 initializer=5 doc_string=10 sparse_initializer=15 metadata_props=16
 *   NodeProto         input=1 output=2 name=3 op_type=4 attribute=5 domain=7
 *   AttributeProto    name=1 t=5 g=6 tensors=10 graphs=11 sparse_tensor=22 sparse_tensors=23
 *   TensorProto       name=8 external_data=13 data_location=14 (raw_data=9 and *_data are skipped)
 *   SparseTensorProto values=1 indices=2
 *   TrainingInfoProto initialization=1 algorithm=2
 *   FunctionProto     name=1 node=7 opset_import=9 domain=10 overload=13
 * Built on first use, never at import.
 */
import type { Type } from "protobufjs";

export const ONNX_DESCRIPTOR = {
  nested: {
    onnx: {
      nested: {
        ModelProto: {
          fields: {
            irVersion: { type: "int32", id: 1 },
            producerName: { type: "string", id: 2 },
            producerVersion: { type: "string", id: 3 },
            domain: { type: "string", id: 4 },
            docString: { type: "string", id: 6 },
            graph: { type: "GraphProto", id: 7 },
            opsetImport: { rule: "repeated", type: "OperatorSetIdProto", id: 8 },
            metadataProps: { rule: "repeated", type: "StringStringEntryProto", id: 14 },
            trainingInfo: { rule: "repeated", type: "TrainingInfoProto", id: 20 },
            functions: { rule: "repeated", type: "FunctionProto", id: 25 },
          },
        },
        OperatorSetIdProto: { fields: { domain: { type: "string", id: 1 }, version: { type: "int32", id: 2 } } },
        StringStringEntryProto: { fields: { key: { type: "string", id: 1 }, value: { type: "string", id: 2 } } },
        GraphProto: {
          fields: {
            node: { rule: "repeated", type: "NodeProto", id: 1 },
            name: { type: "string", id: 2 },
            initializer: { rule: "repeated", type: "TensorProto", id: 5 },
            docString: { type: "string", id: 10 },
            sparseInitializer: { rule: "repeated", type: "SparseTensorProto", id: 15 },
            metadataProps: { rule: "repeated", type: "StringStringEntryProto", id: 16 },
          },
        },
        NodeProto: {
          fields: {
            input: { rule: "repeated", type: "string", id: 1 },
            output: { rule: "repeated", type: "string", id: 2 },
            name: { type: "string", id: 3 },
            opType: { type: "string", id: 4 },
            attribute: { rule: "repeated", type: "AttributeProto", id: 5 },
            domain: { type: "string", id: 7 },
          },
        },
        AttributeProto: {
          fields: {
            name: { type: "string", id: 1 },
            t: { type: "TensorProto", id: 5 },
            g: { type: "GraphProto", id: 6 },
            tensors: { rule: "repeated", type: "TensorProto", id: 10 },
            graphs: { rule: "repeated", type: "GraphProto", id: 11 },
            sparseTensor: { type: "SparseTensorProto", id: 22 },
            sparseTensors: { rule: "repeated", type: "SparseTensorProto", id: 23 },
          },
        },
        TensorProto: {
          fields: {
            name: { type: "string", id: 8 },
            externalData: { rule: "repeated", type: "StringStringEntryProto", id: 13 },
            dataLocation: { type: "int32", id: 14 },
          },
        },
        SparseTensorProto: { fields: { values: { type: "TensorProto", id: 1 }, indices: { type: "TensorProto", id: 2 } } },
        TrainingInfoProto: { fields: { initialization: { type: "GraphProto", id: 1 }, algorithm: { type: "GraphProto", id: 2 } } },
        FunctionProto: {
          fields: {
            name: { type: "string", id: 1 },
            node: { rule: "repeated", type: "NodeProto", id: 7 },
            opsetImport: { rule: "repeated", type: "OperatorSetIdProto", id: 9 },
            domain: { type: "string", id: 10 },
            overload: { type: "string", id: 13 },
          },
        },
      },
    },
  },
} as const;

export interface Entry {
  key?: string;
  value?: string;
}
export interface TensorMsg {
  name?: string;
  externalData?: Entry[];
  dataLocation?: number;
}
export interface SparseMsg {
  values?: TensorMsg;
  indices?: TensorMsg;
}
export interface AttributeMsg {
  name?: string;
  t?: TensorMsg;
  g?: GraphMsg;
  tensors?: TensorMsg[];
  graphs?: GraphMsg[];
  sparseTensor?: SparseMsg;
  sparseTensors?: SparseMsg[];
}
export interface NodeMsg {
  name?: string;
  opType?: string;
  domain?: string;
  attribute?: AttributeMsg[];
}
export interface GraphMsg {
  node?: NodeMsg[];
  name?: string;
  initializer?: TensorMsg[];
  sparseInitializer?: SparseMsg[];
  docString?: string;
  metadataProps?: Entry[];
}
export interface FunctionMsg {
  name?: string;
  domain?: string;
  node?: NodeMsg[];
}
export interface ModelMsg {
  irVersion?: number;
  producerName?: string;
  docString?: string;
  graph?: GraphMsg;
  opsetImport?: { domain?: string; version?: number }[];
  metadataProps?: Entry[];
  trainingInfo?: { initialization?: GraphMsg; algorithm?: GraphMsg }[];
  functions?: FunctionMsg[];
}

let cached: Type | undefined;

export async function modelProtoType(): Promise<Type> {
  if (cached) return cached;
  const pb = (await import("protobufjs/light.js")).default;
  const root = pb.Root.fromJSON(ONNX_DESCRIPTOR as unknown as Parameters<typeof pb.Root.fromJSON>[0]);
  cached = root.lookupType("onnx.ModelProto");
  return cached;
}
