/**
 * Names of Keras' built-in serializable objects: layers, models, initializers, regularizers,
 * constraints, activations, losses, metrics, optimizers, learning-rate schedules, dtype policies and
 * quantizers, including legacy tf.keras (Keras 2) names and aliases. Facts taken from the public
 * `keras_export(...)` names and class definitions of keras-team/keras 3.x and keras-team/tf-keras.
 * Used to tell a custom class from a built-in one in Keras 2 H5 configs, which carry no `module`.
 */
const NAMES =
  "AUC AUCCurve AUCSummationMethod AWQConfig AWQDTypePolicy AbsMaxQuantizer AbstractRNNCell Accuracy " +
  "Activation ActivityRegularization Adadelta Adafactor Adagrad Adam AdamW Adamax " +
  "AdaptiveAveragePooling1D AdaptiveAveragePooling2D AdaptiveAveragePooling3D AdaptiveMaxPooling1D " +
  "AdaptiveMaxPooling2D AdaptiveMaxPooling3D Add AddLoss AddMetric AdditiveAttention Aggregator " +
  "AlphaDropout ArrayLikeTrainingLoop AssertTypeLayer Attention AugMix AutoCastVariable " +
  "AutoCastVariableSpec AutoContrast Average AveragePooling1D AveragePooling2D AveragePooling3D " +
  "AvgPool1D AvgPool2D AvgPool3D BaseAdaptiveAveragePooling BaseAdaptiveMaxPooling BaseAdaptivePooling " +
  "BaseConv BaseConvTranspose BaseDenseAttention BaseDepthwiseConv BaseGlobalPooling " +
  "BaseImagePreprocessingLayer BaseLossScaleOptimizer BaseOptimizer BasePooling BaseRandomLayer " +
  "BaseSeparableConv BaseSpatialDropout BasicLSTMCell BasicRNNCell BatchNormalization " +
  "BatchNormalizationBase BenchmarkAdapt BenchmarkLayer BenchmarkLookup Bidirectional BinaryAccuracy " +
  "BinaryCrossentropy BinaryFocalCrossentropy BinaryIoU CTC CallableList CategoricalAccuracy " +
  "CategoricalCrossentropy CategoricalFocalCrossentropy CategoricalGeneralizedCrossEntropy " +
  "CategoricalHinge CategoryEncoding CenterCrop Circle ClassMethod CompositeTensorDataAdapter " +
  "ConcatAggregator Concatenate ConcordanceCorrelation ConfusionMatrix Constant Constraint " +
  "ContrastLimitedAdaptiveHistogramEqualization Conv Conv1D Conv1DTranspose Conv2D Conv2DTranspose " +
  "Conv3D Conv3DTranspose ConvLSTM ConvLSTM1D ConvLSTM2D ConvLSTM3D ConvLSTMCell ConvRNN Convolution1D " +
  "Convolution1DTranspose Convolution2D Convolution2DTranspose Convolution3D Convolution3DTranspose " +
  "CosineDecay CosineDecayRestarts CosineSimilarity Cropping1D Cropping2D Cropping3D Cross CuDNNGRU " +
  "CuDNNLSTM CutMix DTypePolicy DTypePolicyMap DataAdapter DataLayer DatasetAdapter " +
  "DatasetCreatorAdapter Dense DenseFeatures DepthwiseConv DepthwiseConv1D DepthwiseConv2D " +
  "DeviceWrapper Dice DirectoryIterator Discretization DistributedCallbackModel " +
  "DistributionMultiWorkerTrainingLoop DistributionSingleWorkerTrainingLoop Dot Dropout DropoutWrapper " +
  "DynamicEmbedding DynamicLookup ELU EagerDatasetOrIteratorTrainingLoop EinsumDense Embedding " +
  "Equalization ExponentialDecay F1Score FBetaScore FakeOptimizerForRestoration FakeQuantWithMinMaxVars " +
  "FalseNegatives FalsePositives Feature FeatureSpace Flatten FlaxLayer Float8QuantizationConfig " +
  "FloatDTypePolicy Ftrl Functional FunctionalPreprocessingStage GPTQConfig GPTQDTypePolicy " +
  "GPTQQuantizer GRU GRUCell GaussianDropout GaussianNoise GeneratorDataAdapter " +
  "GeneratorLikeTrainingLoop GeneratorOrSequenceTrainingLoop GenericArrayLikeDataAdapter " +
  "GlobalAveragePooling1D GlobalAveragePooling2D GlobalAveragePooling3D GlobalAvgPool1D GlobalAvgPool2D " +
  "GlobalAvgPool3D GlobalMaxPool1D GlobalMaxPool2D GlobalMaxPool3D GlobalMaxPooling1D " +
  "GlobalMaxPooling2D GlobalMaxPooling3D GlobalPooling1D GlobalPooling2D GlobalPooling3D GlorotNormal " +
  "GlorotUniform GroupNormalization GroupQueryAttention GroupedQueryAttention HashedCrossing Hashing " +
  "HeNormal HeUniform Hinge Huber Identity IdentityInitializer IdentityRegularizer ImageDataGenerator " +
  "IndexLookup Initializer Input InputLayer InputSpec InstanceMethod InstanceProperty Int4DTypePolicy " +
  "Int4QuantizationConfig Int8QuantizationConfig IntegerLookup InverseTimeDecay IoU Iterator JaxLayer " +
  "KLD KLDivergence KerasHistory KerasOpDispatcher KerasSequenceAdapter L1 L1L2 L2 LSTM LSTMCell " +
  "LSTMStateTuple Lamb Lambda Layer LayerBenchmark LayerNormalization LayerRNNCell LeakyReLU " +
  "LearningRateSchedule LecunNormal LecunUniform LegacyOptimizerWarning LinearCosineDecay LinearModel " +
  "Lion ListsOfScalarsDataAdapter LocallyConnected1D LocallyConnected2D LogCosh LogCoshError Loss " +
  "LossFunctionWrapper LossScaleOptimizer LossScaleOptimizerMetaclass LossScaleOptimizerV3 " +
  "LossesContainer MAE MAPE MSE MSLE Masking MaxNorm MaxNumBoundingBoxes MaxPool1D MaxPool2D MaxPool3D " +
  "MaxPooling1D MaxPooling2D MaxPooling3D Maximum Mean MeanAbsoluteError MeanAbsolutePercentageError " +
  "MeanIoU MeanMetricWrapper MeanRelativeError MeanSquaredError MeanSquaredLogarithmicError MeanTensor " +
  "MelSpectrogram Merge Metric MetricsAggregator MetricsContainer MinMaxNorm Minimum Mish MixUp Model " +
  "ModuleWrapper MultiHeadAttention MultiOptimizer MultiRNNCell Multiply MultiplyLayer " +
  "MultiplyLayerWithoutAutoCast Muon Nadam NoisyLinearCosineDecay NonFusedAdam NonNeg Normalization " +
  "NullInitializer NumpyArrayIterator OneHotIoU OneHotMeanIoU Ones Optimizer OptimizerMap OptimizerV2 " +
  "Orthogonal OrthogonalInitializer OrthogonalRegularizer OutputsAggregator PReLU PearsonCorrelation " +
  "Permute PiecewiseConstantDecay Pipeline Poisson Policy PolynomialDecay Pooling1D Pooling2D Pooling3D " +
  "Precision PrecisionAtRecall PreprocessingLayer PreprocessingStage PyMetric QuantizationConfig " +
  "QuantizationReport QuantizedDTypePolicy QuantizedFloat8DTypePolicy Quantizer R2Score " +
  "RMSNormalization RMSprop RNN RNNCell RadialConstraint RaggedKerasTensor RandAugment RandomBrightness " +
  "RandomColorDegeneration RandomColorJitter RandomContrast RandomCrop RandomElasticTransform " +
  "RandomErasing RandomFlip RandomFourierFeatures RandomGaussianBlur RandomGrayscale RandomHeight " +
  "RandomHue RandomInitializer RandomInvert RandomNormal RandomPerspective RandomPosterization " +
  "RandomRotation RandomSaturation RandomSharpness RandomShear RandomTranslation RandomUniform " +
  "RandomWidth RandomZoom ReLU Recall RecallAtPrecision Reduce ReduceSumRegularizer Reduction " +
  "ReductionV2 Regularizer RepeatVector Rescaling Reshape ResidualWrapper Resizing RestoredOptimizer " +
  "ReversibleEmbedding RootMeanSquaredError SGD STFT STFTInitializer STFTSpectrogram ScheduleFreeAdamW " +
  "SensitivityAtSpecificity SensitivitySpecificityBase SeparableConv SeparableConv1D SeparableConv2D " +
  "SeparableConvolution1D SeparableConvolution2D SequenceFeatures Sequential SharpnessAwareMinimization " +
  "SimpleRNN SimpleRNNCell SliceAggregator SlicingOpLambda Softmax Solarization " +
  "SparseCategoricalAccuracy SparseCategoricalCrossentropy SparseKerasTensor " +
  "SparseTopKCategoricalAccuracy SpatialDropout1D SpatialDropout2D SpatialDropout3D " +
  "SpecificityAtSensitivity SpectralNormalization SquaredHinge StackedRNNCells StepTimingCallback " +
  "StringLookup Subtract Sum SumOverBatchSize SumOverBatchSizeMetricWrapper SyncBatchNormalization " +
  "TFClassMethodDispatcher TFDConcat TFDIdentity TFOpLambda TFOptimizer TFSMLayer TFSlicingOpDispatcher " +
  "TensorFlowOpLayer TensorLikeDataAdapter TernaryDTypePolicy TernaryDense TernaryQuantizationConfig " +
  "TextVectorization ThresholdedReLU TimeDistributed TimeseriesGenerator Tokenizer " +
  "TopKCategoricalAccuracy TorchModuleWrapper TrueNegatives TruePositives TruncatedNormal Tversky " +
  "UnitNorm UnitNormalization UpSampling1D UpSampling2D UpSampling3D UserRegisteredSpec " +
  "UserRegisteredTypeKerasTensor VarianceScaling VocabWeightHandler WideDeepModel Wrapper ZeroPadding1D " +
  "ZeroPadding2D ZeroPadding3D Zeros abs abs_max_quantize abs_max_quantize_grouped_with_zero_point add " +
  "all any apply_affine_transform apply_brightness_shift apply_channel_shift arange argmax argmin " +
  "average batch_dot batch_flatten batch_get_value batch_normalization batch_set_value bias_add " +
  "binary_accuracy binary_crossentropy binary_focal_crossentropy cast cast_to_floatx " +
  "categorical_accuracy categorical_crossentropy categorical_focal_crossentropy " +
  "categorical_generalized_cross_entropy categorical_hinge celu circle clip clone_model " +
  "compute_float8_amax_history compute_float8_scale concatenate concordance_correlation constant conv1d " +
  "conv2d conv2d_transpose conv3d cos cosine cosine_proximity cosine_similarity count_params ctc " +
  "ctc_batch_cost ctc_decode ctc_label_dense_to_sparse cumprod cumsum depthwise_conv2d deserialize dice " +
  "disable_v2_dtype_behavior dot dropout dtype dtype_policy elu enable_v2_dtype_behavior equal eval exp " +
  "expand_dims exponential eye fake_quant_with_min_max_vars flatten foldl foldr gather gelu get " +
  "get_value global_policy glorot_normal glorot_uniform glu gradients greater greater_equal hard_shrink " +
  "hard_sigmoid hard_silu hard_swish hard_tanh hashing_trick he_normal he_uniform hinge huber identity " +
  "in_top_k int_shape is_sparse kl_divergence kld kullback_leibler_divergence l1 l1_l2 l2 l2_normalize " +
  "leaky_relu lecun_normal lecun_uniform less less_equal linear load_model log log_cosh log_sigmoid " +
  "log_softmax logcosh mae make_sampling_table map_fn mape max max_norm maximum mean " +
  "mean_absolute_error mean_absolute_percentage_error mean_squared_error mean_squared_logarithmic_error " +
  "min min_max_norm minimum mish model_from_config model_from_json model_from_yaml " +
  "moving_average_update mse msle multiply name_scope ndim non_neg normal not_equal one_hot ones " +
  "ones_like orthogonal orthogonal_regularizer pack_int2 pack_int4 pack_ternary pearson_correlation " +
  "permute_dimensions poisson pool2d pool3d pow prod quantize_and_dequantize radial_constraint " +
  "random_bernoulli random_brightness random_channel_shift random_normal random_normal_variable " +
  "random_rotation random_shear random_shift random_uniform random_uniform_variable random_zoom relu " +
  "relu6 repeat repeat_elements reshape resize_images resize_volumes reverse rnn round save_model selu " +
  "separable_conv2d serialize set_dtype_policy set_global_policy set_value shape sigmoid sign silu sin " +
  "skipgrams soft_shrink softmax softplus softsign sparse_categorical_accuracy " +
  "sparse_categorical_crossentropy sparse_plus sparse_sigmoid sparse_top_k_categorical_accuracy " +
  "sparsemax spatial_2d_padding spatial_3d_padding sqrt square squared_hinge squareplus squeeze stack " +
  "std stft stop_gradient subtract sum swish switch tanh tanh_shrink temporal_padding " +
  "text_to_word_sequence threshold tile to_dense tokenizer_from_json top_k_categorical_accuracy " +
  "transpose truncated_normal tversky uniform unit_norm unpack_int2 unpack_int4 unpack_ternary update " +
  "update_add update_sub var variable variance_scaling zeros zeros_like";

let set: ReadonlySet<string> | undefined;

/** The set of built-in names (built on first use). */
export function kerasBuiltinNames(): ReadonlySet<string> {
  set ??= new Set(NAMES.split(" "));
  return set;
}
