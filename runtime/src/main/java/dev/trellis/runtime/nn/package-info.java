/**
 * Neural-network building blocks with torch's semantics, on the runtime's {@link dev.trellis.runtime.tensor.Tensor}s
 * and autodiff, for networks inside models and guides (Pyro's {@code pyro.module}).
 *
 * <p><b>Modules.</b> A {@link dev.trellis.runtime.nn.Module} holds named {@link dev.trellis.runtime.nn.Parameter}s
 * and named child modules, registered in its constructor; {@link dev.trellis.runtime.nn.Module#namedParameters()}
 * lists them in torch's {@code named_parameters()} order with torch's dotted paths ({@code trans.lin_gate.weight},
 * {@code net.0.bias}, {@code weight_ih_l0}). The layers: {@link dev.trellis.runtime.nn.Linear},
 * {@link dev.trellis.runtime.nn.Sequential}, {@link dev.trellis.runtime.nn.Relu}, {@link dev.trellis.runtime.nn.Tanh},
 * {@link dev.trellis.runtime.nn.Sigmoid}, {@link dev.trellis.runtime.nn.Softplus} (with torch's beta and threshold),
 * {@link dev.trellis.runtime.nn.Rnn} (tanh or relu), {@link dev.trellis.runtime.nn.Gru} and
 * {@link dev.trellis.runtime.nn.Conv1d}. Each starts from torch's default initialisation
 * ({@link dev.trellis.runtime.nn.TorchInit}) drawn from a given {@link dev.trellis.runtime.random.Rng}; parameters can
 * be set explicitly ({@link dev.trellis.runtime.nn.Module#setParameters}) or read from a parameter store
 * ({@link dev.trellis.runtime.nn.Module#loadFrom}).
 *
 * <p><b>Kernels.</b> Every layer works on whole batches: a linear layer is one matrix product and one autodiff node for
 * any number of rows, a convolution one product over all windows of the batch, and a recurrent layer one node for the
 * whole sequence batch, with a hand-written backward pass (one product per time step each way); no tape node is
 * ever made per scalar or per sequence. Recurrent layers take ragged lengths, as torch's packed sequences. Gradients
 * are torch's, including where torch's differ from the exact derivative: ReLU's is 0 at 0, the sigmoid's is
 * {@code y (1 - y)} from the output, softplus is the identity above its threshold. The products of the linear and
 * recurrent layers are the package's own vectorisable loops with fused multiply-adds (about twice EJML's speed on one
 * core); results agree with a plain sum to rounding, not bit for bit.
 *
 * <p><b>In programs.</b> {@link dev.trellis.runtime.svi.SampleContext#module(String, Module)} registers a module's
 * parameters in the {@link dev.trellis.runtime.params.ParamStore} as {@code <name>$$$<path>} (Pyro's naming) and binds
 * the module to the run's values, so that SVI trains them and {@link dev.trellis.runtime.params.ParamStoreFile} saves
 * and loads them with every other parameter.
 *
 * <p><b>Threads.</b> A module's structure never changes after its constructor, and tensors are immutable. Forward passes
 * only read the parameters' current values, so one module may run forward passes on several threads at once. Setting
 * values ({@code setParameters}, {@code loadFrom}, {@code requireGrad}, and {@code SampleContext.module} at the start of
 * every run) replaces them (the slots are volatile, so later forward passes on any thread see the new values): do not
 * set values while another thread runs a forward pass, and give programs that run concurrently their own module
 * instances. The kernels keep no state between calls; each call's backward pass owns its buffers.
 */
@NullMarked
package dev.trellis.runtime.nn;

import org.jspecify.annotations.NullMarked;
