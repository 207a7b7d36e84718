/**
 * The condition expression language: WinDivert-flavoured text such as
 * {@code protocol == tcp and remote.port in 80,443} read into WFP filter conditions
 * ({@link weir.engine.core.expr.ConditionParser}) and printed back ({@link weir.engine.core.expr.ConditionPrinter}).
 * Each test is one WFP condition; anything WFP's conditions cannot express (OR across fields, NOT over a
 * group, AND of two tests of one field) is refused with the reason. Private to the engine bundle: the shell
 * and the policy files use it.
 */
package weir.engine.core.expr;
